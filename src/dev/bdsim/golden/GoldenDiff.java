package dev.bdsim.golden;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The readable differences between a golden file and a fresh run: the first differing output
 * event (cycle and signal, both values), every differing metric with its delta, and every
 * differing component cost. Only what the golden file holds is compared.
 */
public final class GoldenDiff {
    private static final int MAX_COMPONENT_LINES = 10;

    private GoldenDiff() {}

    public static List<String> compare(GoldenResult golden, GoldenResult now) {
        List<String> out = new ArrayList<>();
        compareEvents(golden, now, out);
        for (Map.Entry<String, String> e : golden.metrics().entrySet()) {
            String actual = now.metrics().get(e.getKey());
            if (!e.getValue().equals(actual)) {
                out.add("metric " + e.getKey() + ": golden " + e.getValue() + ", now " + (actual == null ? "(not reported)" : actual)
                        + delta(e.getValue(), actual));
            }
        }
        Map<String, GoldenResult.ComponentLine> current = new LinkedHashMap<>();
        now.components().forEach(c -> current.put(c.instance(), c));
        List<String> components = new ArrayList<>();
        for (GoldenResult.ComponentLine g : golden.components()) {
            GoldenResult.ComponentLine c = current.remove(g.instance());
            if (c == null) {
                components.add("component " + g.instance() + " (" + g.type() + "): in the golden file, not in the netlist now");
            } else if (!g.equals(c)) {
                components.add("component " + g.instance() + " (" + g.type() + "): " + fields(g, c));
            }
        }
        if (!golden.components().isEmpty()) {
            current.values().forEach(c -> components.add("component " + c.instance() + " (" + c.type() + "): new, not in the golden file"));
        }
        if (components.size() > MAX_COMPONENT_LINES) {
            int more = components.size() - MAX_COMPONENT_LINES;
            components.subList(MAX_COMPONENT_LINES, components.size()).clear();
            components.add("... and " + more + " more components differ");
        }
        out.addAll(components);
        return out;
    }

    private static void compareEvents(GoldenResult golden, GoldenResult now, List<String> out) {
        List<GoldenResult.Event> g = golden.events();
        List<GoldenResult.Event> n = now.events();
        int common = Math.min(g.size(), n.size());
        for (int i = 0; i < common; i++) {
            if (!g.get(i).equals(n.get(i))) {
                out.add(firstDifference(g.get(i), n.get(i)));
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

    private static String firstDifference(GoldenResult.Event g, GoldenResult.Event n) {
        if (g.cycle() == n.cycle() && g.signal().equals(n.signal())) {
            return "output stream: first difference in cycle " + g.cycle() + ", signal " + g.signal() + ": golden " + hex(g.value())
                    + ", now " + hex(n.value());
        }
        GoldenResult.Event earlier = g.cycle() < n.cycle() || (g.cycle() == n.cycle() && g.signal().compareTo(n.signal()) < 0) ? g : n;
        return "output stream: first difference in cycle " + earlier.cycle() + ", signal " + earlier.signal() + ": "
                + (earlier == g ? "golden changes to " + hex(g.value()) + ", the run does not (it next changes "
                + n.signal() + " to " + hex(n.value()) + " in cycle " + n.cycle() + ")"
                : "the run changes it to " + hex(n.value()) + ", the golden stream does not (it next changes " + g.signal()
                + " to " + hex(g.value()) + " in cycle " + g.cycle() + ")");
    }

    private static String hex(BigInteger v) {
        return v.toString() + " (0x" + v.toString(16) + ")";
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

    private static String fields(GoldenResult.ComponentLine g, GoldenResult.ComponentLine c) {
        List<String> parts = new ArrayList<>();
        if (!g.type().equals(c.type())) {
            parts.add("type " + g.type() + " -> " + c.type());
        }
        if (!g.areaGe().equals(c.areaGe())) {
            parts.add("area " + g.areaGe() + " -> " + c.areaGe() + " GE");
        }
        if (!g.energyPj().equals(c.energyPj())) {
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
