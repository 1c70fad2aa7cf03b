package dev.bdsim.cli;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.synth.AreaCrossCheck;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cost --yosys}: the area proxy beside Yosys, as a table and two correlations. */
final class YosysComparison {
    private YosysComparison() {}

    static void print(PrintWriter out, PrintWriter err, TechLibrary tech, List<Path> netlists, java.util.Map<String, String> params,
                      boolean json) throws Exception {
        Path dir = Files.createTempDirectory("bdsim-yosys");
        ProgressLine progress = new ProgressLine(err, "syntheses");
        AreaCrossCheck.Result r = netlists.isEmpty() ? AreaCrossCheck.run(tech, dir)
                : AreaCrossCheck.netlists(tech, dir, netlists, params, progress::update);
        progress.finish();
        Table t = new Table("units").column("unit", "unit", "%s").column("proxy_ge", "area proxy (GE, " + tech.name() + ")", "%.0f")
                .column("yosys_cells", "Yosys cells", "%d").column("yosys_transistors", "Yosys transistors", "%d")
                .column("yosys_ge", "Yosys GE (transistors / 4)", "%.0f").column("proxy_over_yosys", "proxy / Yosys", "%.2f");
        for (AreaCrossCheck.Row row : r.rows()) {
            t.row(row.unit(), row.proxyGe(), row.yosys().cells(), row.yosys().transistors(), row.yosys().gateEquivalents(),
                    row.proxyGe() / row.yosys().gateEquivalents());
        }
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.with(JsonOption.document().put("tech", tech.name()), t);
            Table.put(doc, "pearson", r.pearson());
            Table.put(doc, "spearman", r.spearman());
            JsonOption.print(out, doc);
            return;
        }
        t.print(out, Table.Style.MARKDOWN);
        out.println();
        if (r.rows().size() >= 3) {
            out.println(fmt("Pearson correlation %.3f, Spearman rank correlation %.3f over %d units", r.pearson(), r.spearman(), r.rows().size()));
        }
        out.println(netlists.isEmpty() ? "MAC units without their weight buffers and FP32 accumulator (black boxes on both sides); the quantizers "
                + "are compared with real cells only (cost --synth)." : "Memories (Sram) are black boxes on both sides.");
        out.println("Yosys: synth -flatten, stat -tech cmos; work files in " + dir);
        out.flush();
    }
}
