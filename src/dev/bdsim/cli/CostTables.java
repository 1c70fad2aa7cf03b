package dev.bdsim.cli;

import dev.bdsim.cost.ComponentCost;
import dev.bdsim.cost.CostReport;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Text tables of cost reports, shared by {@code gemm} and {@code cost}. */
final class CostTables {
    private CostTables() {}

    static String clock(double hz) {
        return hz >= 1e9 ? fmt("%.3g GHz", hz / 1e9) : fmt("%.4g MHz", hz / 1e6);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void summary(PrintWriter out, CostReport r) {
        out.println(fmt("cost (%s, %s): area %.0f um^2 (%.0f GE) datapath + %.0f um^2 buffers", r.tech().name(),
                clock(r.clockHz()), r.areaUm2(CostReport.DATAPATH), r.areaGe(CostReport.DATAPATH), r.areaUm2(CostReport.BUFFERS)));
        out.println(fmt("  power %.1f uW datapath, %.1f uW with buffers", r.powerUw(CostReport.DATAPATH), r.powerUw(CostReport.ALL)));
        if (r.macs() > 0) {
            out.println(fmt("  energy %.4f pJ/MAC datapath, %.4f pJ/MAC with buffers", r.pjPerMac(CostReport.DATAPATH),
                    r.pjPerMac(CostReport.ALL)));
        }
    }

    /** Per component, largest energy first. */
    static void breakdown(PrintWriter out, CostReport r) {
        List<ComponentCost> rows = r.components().stream()
                .sorted(Comparator.comparingDouble(ComponentCost::totalPj).reversed().thenComparing(ComponentCost::instance))
                .toList();
        int nameWidth = Math.max(9, rows.stream().mapToInt(c -> c.instance().length()).max().orElse(0));
        int typeWidth = Math.max(4, rows.stream().mapToInt(c -> c.type().length()).max().orElse(0));
        double total = r.energyPj(CostReport.ALL);
        String head = "%-" + nameWidth + "s  %-" + typeWidth + "s  %10s  %12s  %12s  %12s  %12s  %6s%n";
        out.printf(Locale.ROOT, head, "component", "type", "area GE", "ops pJ", "switch pJ", "clock pJ", "leak pJ", "share");
        String line = "%-" + nameWidth + "s  %-" + typeWidth + "s  %10.1f  %12.2f  %12.2f  %12.2f  %12.2f  %5.1f%%%n";
        for (ComponentCost c : rows) {
            out.printf(Locale.ROOT, line, c.instance(), c.type(), c.areaGe(), c.operationPj(), c.switchingPj(), c.clockPj(),
                    c.leakagePj(), total == 0 ? 0 : 100 * c.totalPj() / total);
        }
    }
}
