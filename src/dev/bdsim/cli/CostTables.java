package dev.bdsim.cli;

import dev.bdsim.cost.Clock;
import dev.bdsim.cost.ComponentCost;
import dev.bdsim.cost.CostReport;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Text tables of cost reports, shared by {@code gemm} and {@code cost}. */
final class CostTables {
    private CostTables() {}

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void summary(PrintWriter out, CostReport r) {
        out.println(fmt("cost (%s, %s): area %.0f um^2 (%.0f GE) datapath + %.0f um^2 buffers", r.tech().name(),
                Clock.format(r.clockHz()), r.areaUm2(CostReport.DATAPATH), r.areaGe(CostReport.DATAPATH), r.areaUm2(CostReport.BUFFERS)));
        out.println(fmt("  power %.1f uW datapath, %.1f uW with buffers", r.powerUw(CostReport.DATAPATH), r.powerUw(CostReport.ALL)));
        if (r.macs() > 0) {
            out.println(fmt("  energy %.4f pJ/MAC datapath, %.4f pJ/MAC with buffers", r.pjPerMac(CostReport.DATAPATH),
                    r.pjPerMac(CostReport.ALL)));
        }
    }

    /** The critical path and whether the clock meets it, with a warning when it does not. */
    static void timing(PrintWriter out, dev.bdsim.cost.Timing.Report t, double clockHz) {
        out.println("  timing: " + t.describe());
        if (!t.meets(clockHz)) {
            out.println(fmt("  WARNING: the clock of %s is above the maximum clock %s: the datapath would not work at it; pipeline deeper "
                    + "(DEPTH) or lower --clock", Clock.format(clockHz), Clock.format(t.maxClockHz())));
        }
    }

    static void json(com.fasterxml.jackson.databind.node.ObjectNode o, dev.bdsim.cost.Timing.Report t, double clockHz) {
        o.put("critical_path_gate_delays", t.levels()).put("critical_path_ns", t.pathPs() / 1000);
        Table.put(o, "max_clock_hz", t.maxClockHz());
        o.put("clock_above_max", !t.meets(clockHz));
        com.fasterxml.jackson.databind.node.ArrayNode path = o.putArray("critical_path");
        t.path().forEach(path::add);
    }

    /** Per component, largest energy first. */
    static void breakdown(PrintWriter out, CostReport r) {
        components(r).print(out, Table.Style.TEXT);
    }

    static Table components(CostReport r) {
        List<ComponentCost> rows = r.components().stream()
                .sorted(Comparator.comparingDouble(ComponentCost::totalPj).reversed().thenComparing(ComponentCost::instance))
                .toList();
        double total = r.energyPj(CostReport.ALL);
        Table t = new Table("components").column("instance", "component", "%s").column("type", "type", "%s")
                .column("group", "group", "%s").column("area_ge", "area GE", "%.1f").column("operation_pj", "ops pJ", "%.2f")
                .column("switching_pj", "switch pJ", "%.2f").column("clock_pj", "clock pJ", "%.2f").column("leakage_pj", "leak pJ", "%.2f")
                .column("energy_percent", "share %", "%.1f");
        for (ComponentCost c : rows) {
            t.row(c.instance(), c.type(), c.group().label(), c.areaGe(), c.operationPj(), c.switchingPj(), c.clockPj(), c.leakagePj(),
                    total == 0 ? 0.0 : 100 * c.totalPj() / total);
        }
        return t;
    }

    /** A cost report's totals under the sweep's metric names. */
    static void json(com.fasterxml.jackson.databind.node.ObjectNode o, CostReport r, int lanes) {
        boolean macs = r.macs() > 0;
        Table.put(o, "lanes", macs ? lanes : null);
        o.put("area_um2", r.areaUm2(CostReport.DATAPATH));
        o.put("area_ge", r.areaGe(CostReport.DATAPATH));
        o.put("buffer_area_um2", r.areaUm2(CostReport.BUFFERS));
        o.put("power_uw", r.powerUw(CostReport.DATAPATH));
        o.put("power_uw_with_buffers", r.powerUw(CostReport.ALL));
        o.put("macs", r.macs());
        Table.put(o, "energy_pj_per_mac", macs ? r.pjPerMac(CostReport.DATAPATH) : null);
        Table.put(o, "energy_pj_per_mac_with_buffers", macs ? r.pjPerMac(CostReport.ALL) : null);
    }
}
