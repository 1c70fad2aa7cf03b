package dev.bdsim.lib;

import java.util.List;

/**
 * One parameter of a library component: an integer with an inclusive range, or a string with a
 * set of allowed values (empty: any string). A null default makes the parameter required.
 */
public record ParamSpec(String name, boolean isString, Object defaultValue, long min, long max,
                        List<String> allowed, String description) {
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
