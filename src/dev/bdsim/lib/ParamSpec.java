package dev.bdsim.lib;

import java.util.List;

/**
 * One parameter of a library component: an integer with an inclusive range, or a string with a
 * set of allowed values (empty: any string). A null default makes the parameter required.
 */
public record ParamSpec(String name, boolean isString, Object defaultValue, long min, long max,
                        List<String> allowed, String description) {
    public static final long MAX_LANES = 65536;

    /** {@code width}: bits per lane, 1..max. */
    public static ParamSpec width(long max) {
        return integer("width", null, 1, max, "bits per lane");
    }

    public static ParamSpec signed() {
        return integer("signed", 0L, 0, 1, "1 for two's complement");
    }

    public static ParamSpec lanes() {
        return integer("lanes", 1L, 1, MAX_LANES, "parallel lanes");
    }

    /** {@code width}, {@code signed} and {@code lanes}, then {@code more}. */
    public static List<ParamSpec> typed(long maxWidth, ParamSpec... more) {
        List<ParamSpec> list = new java.util.ArrayList<>(List.of(width(maxWidth), signed(), lanes()));
        list.addAll(List.of(more));
        return list;
    }

    public static ParamSpec formatbook() {
        return string("formatbook", "", List.of(), "formatbook file, relative to the netlist; empty: the standard one");
    }

    public static ParamSpec block() {
        return integer("block", 32L, 1, 4096, "elements per block");
    }

    public static ParamSpec integer(String name, Long defaultValue, long min, long max, String description) {
        return new ParamSpec(name, false, defaultValue, min, max, List.of(), description);
    }

    public static ParamSpec string(String name, String defaultValue, List<String> allowed, String description) {
        return new ParamSpec(name, true, defaultValue, 0, 0, List.copyOf(allowed), description);
    }

    /** Null when the value is acceptable, otherwise what is wrong with it. */
    public String check(Object value) {
        if (isString) {
            if (!(value instanceof String s)) {
                return "parameter " + name + " takes a string, got " + value;
            }
            if (!allowed.isEmpty() && !allowed.contains(s)) {
                return "parameter " + name + " must be one of " + allowed + ", got \"" + s + "\"";
            }
            return null;
        }
        if (!(value instanceof Long v)) {
            return "parameter " + name + " takes an integer, got \"" + value + "\"";
        }
        if (v < min || v > max) {
            return "parameter " + name + " = " + v + " is out of range " + min + ".." + max;
        }
        return null;
    }

    public String range() {
        if (isString) {
            return allowed.isEmpty() ? "string" : String.join("|", allowed);
        }
        return min + ".." + max;
    }
}
