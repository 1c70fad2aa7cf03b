package dev.bdsim.golden;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The readable differences between a golden file and a fresh run: the first differing output
 * event (cycle and signal, both values, FP32 accumulators also as floats) and how many differ,
 * every differing metric with its delta, and every differing component cost. Only what the golden
 * file holds is compared.
 */
public final class GoldenDiff {
    private static final int MAX_COMPONENT_LINES = 10;

    /** Metrics the cost model computes; the rest (cycles, outputs, checksums, overflows) are the simulation's. */
    static final java.util.Set<String> COST_METRICS = java.util.Set.of("area_ge", "energy_pj", "pj_per_mac", "pj_per_element");

    /**
     * What to compare: {@code outputsOnly} leaves out the cost model's numbers (cost metrics and component costs), so a
     * cost-model change does not fail bit-exact output checks; {@code tolerance} is the relative difference under which
     * a number still agrees (0: exactly as written).
     */
    public record Options(boolean outputsOnly, double tolerance) {
        public static final Options EXACT = new Options(false, 0);

        public Options {
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new dev.bdsim.BadInputException("--tolerance " + tolerance + " must be a relative difference in 0..1, e.g. 0.01");
            }
        }
    }

    private GoldenDiff() {}

    public static List<String> compare(GoldenResult golden, GoldenResult now) {
        return compare(golden, now, Options.EXACT);
    }

    public static List<String> compare(GoldenResult golden, GoldenResult now, Options options) {
        List<String> out = new ArrayList<>();
        List<String> changedInputs = new ArrayList<>();
        for (Map.Entry<String, String> e : golden.inputs().entrySet()) {
            String actual = now.inputs().get(e.getKey());
            if (actual == null) {
                changedInputs.add("input " + e.getKey() + ": read when the golden file was recorded, not by the run now");
            } else if (!actual.equals(e.getValue())) {
                changedInputs.add("input " + e.getKey() + " changed since the golden file was recorded (sha256 "
                        + e.getValue().substring(0, Math.min(12, e.getValue().length())) + "… now " + actual.substring(0, 12) + "…)");
            }
        }
        if (!golden.inputs().isEmpty()) {
            now.inputs().keySet().stream().filter(k -> !golden.inputs().containsKey(k))
                    .forEach(k -> changedInputs.add("input " + k + ": read by the run now, not when the golden file was recorded"));
        }
        compareEvents(golden, now, out);
        for (Map.Entry<String, String> e : golden.metrics().entrySet()) {
            if (options.outputsOnly() && COST_METRICS.contains(e.getKey())) {
                continue;
            }
            String actual = now.metrics().get(e.getKey());
            if (!e.getValue().equals(actual) && !within(e.getValue(), actual, options.tolerance())) {
                out.add("metric " + e.getKey() + ": golden " + e.getValue() + ", now " + (actual == null ? "(not reported)" : actual)
                        + delta(e.getValue(), actual));
            }
        }
        Map<String, GoldenResult.ComponentLine> current = new LinkedHashMap<>();
        now.components().forEach(c -> current.put(c.instance(), c));
        List<String> components = new ArrayList<>();
        for (GoldenResult.ComponentLine g : options.outputsOnly() ? List.<GoldenResult.ComponentLine>of() : golden.components()) {
            GoldenResult.ComponentLine c = current.remove(g.instance());
            if (c == null) {
                components.add("component " + g.instance() + " (" + g.type() + "): in the golden file, not in the netlist now");
            } else if (!g.equals(c)) {
                String fields = fields(g, c, options.tolerance());
                if (!fields.isEmpty()) {
                    components.add("component " + g.instance() + " (" + g.type() + "): " + fields);
                }
            }
        }
        if (!golden.components().isEmpty() && !options.outputsOnly()) {
            current.values().forEach(c -> components.add("component " + c.instance() + " (" + c.type() + "): new, not in the golden file"));
        }
        if (components.size() > MAX_COMPONENT_LINES) {
            int more = components.size() - MAX_COMPONENT_LINES;
            components.subList(MAX_COMPONENT_LINES, components.size()).clear();
            components.add("... and " + more + " more components differ");
        }
        out.addAll(components);
        if (!out.isEmpty()) {
            out.addAll(0, changedInputs);
        }
        return out;
    }

    private static void compareEvents(GoldenResult golden, GoldenResult now, List<String> out) {
        List<GoldenResult.Event> g = golden.events();
        List<GoldenResult.Event> n = now.events();
        int common = Math.min(g.size(), n.size());
        boolean fp32 = "fp32".equals(golden.goldenCase().acc()) && golden.goldenCase().multiplies();
        for (int i = 0; i < common; i++) {
            if (!g.get(i).equals(n.get(i))) {
                long differing = java.util.stream.IntStream.range(i, common).filter(k -> !g.get(k).equals(n.get(k))).count();
                out.add(firstDifference(g.get(i), n.get(i), fp32) + "; " + differing + " of the " + common
                        + " events compared differ" + (golden.totalEvents() > common ? " (the golden file lists the first " + g.size() + ")" : ""));
                return;
            }
        }
        boolean goldenComplete = g.size() == golden.totalEvents();
        boolean nowComplete = n.size() == now.totalEvents();
        if (g.size() > common && nowComplete) {
            out.add("output stream: the golden stream goes on at cycle " + g.get(common).cycle() + " (" + g.get(common).signal() + " = "
                    + g.get(common).value() + "), the run's ended after " + n.size() + " events");
        } else if (n.size() > common && goldenComplete) {
            out.add("output stream: the run goes on at cycle " + n.get(common).cycle() + " (" + n.get(common).signal() + " = "
                    + n.get(common).value() + "), the golden stream ended after " + g.size() + " events");
        } else if (golden.totalEvents() != now.totalEvents()) {
            out.add("output stream: the golden file counts " + golden.totalEvents() + " events, the run has " + now.totalEvents());
        } else if (!golden.eventsSha256().isEmpty() && !golden.eventsSha256().equals(now.eventsSha256())) {
            out.add("output stream: the first " + common + " events agree, but the full streams differ (golden " + golden.totalEvents()
                    + " events, sha256 " + golden.eventsSha256().substring(0, 12) + "…; now " + now.totalEvents() + ", "
                    + now.eventsSha256().substring(0, 12) + "…)");
        }
    }

    private static String firstDifference(GoldenResult.Event g, GoldenResult.Event n, boolean fp32) {
        if (g.cycle() == n.cycle() && g.signal().equals(n.signal())) {
            return "output stream: first difference in cycle " + g.cycle() + ", signal " + g.signal() + ": golden " + show(g, fp32)
                    + ", now " + show(n, fp32);
        }
        GoldenResult.Event earlier = g.cycle() < n.cycle() || (g.cycle() == n.cycle() && g.signal().compareTo(n.signal()) < 0) ? g : n;
        return "output stream: first difference in cycle " + earlier.cycle() + ", signal " + earlier.signal() + ": "
                + (earlier == g ? "golden changes to " + show(g, fp32) + ", the run does not (it next changes "
                + n.signal() + " to " + show(n, fp32) + " in cycle " + n.cycle() + ")"
                : "the run changes it to " + show(n, fp32) + ", the golden stream does not (it next changes " + g.signal()
                + " to " + show(g, fp32) + " in cycle " + g.cycle() + ")");
    }

    /** A value as bits (decimal and hex) and, for an FP32 accumulator's output, as the float those bits are. */
    private static String show(GoldenResult.Event e, boolean fp32) {
        BigInteger v = e.value();
        String bits = v.toString() + " (0x" + v.toString(16) + ")";
        if (fp32 && e.signal().equals("acc") && v.signum() >= 0 && v.bitLength() <= 32) {
            return bits + " = " + Float.intBitsToFloat(v.intValue());
        }
        return bits;
    }

    /** Two numbers written differently that agree within a relative tolerance. */
    private static boolean within(String golden, String now, double tolerance) {
        if (tolerance == 0 || now == null) {
            return false;
        }
        try {
            double a = Double.parseDouble(golden);
            double b = Double.parseDouble(now);
            return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String delta(String golden, String now) {
        if (now == null) {
            return "";
        }
        try {
            double d = Double.parseDouble(now) - Double.parseDouble(golden);
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(" (%+d)", (long) d) : String.format(java.util.Locale.ROOT, " (%+.4g)", d);
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static String fields(GoldenResult.ComponentLine g, GoldenResult.ComponentLine c, double tolerance) {
        List<String> parts = new ArrayList<>();
        if (!g.type().equals(c.type())) {
            parts.add("type " + g.type() + " -> " + c.type());
        }
        if (!g.areaGe().equals(c.areaGe()) && !within(g.areaGe(), c.areaGe(), tolerance)) {
            parts.add("area " + g.areaGe() + " -> " + c.areaGe() + " GE");
        }
        if (!g.energyPj().equals(c.energyPj()) && !within(g.energyPj(), c.energyPj(), tolerance)) {
            parts.add("energy " + g.energyPj() + " -> " + c.energyPj() + " pJ");
        }
        if (!Objects.equals(g.toggles(), c.toggles())) {
            parts.add("toggles " + g.toggles() + " -> " + c.toggles());
        }
        if (g.actions() != c.actions()) {
            parts.add("actions " + g.actions() + " -> " + c.actions());
        }
        return String.join(", ", parts);
    }
}
