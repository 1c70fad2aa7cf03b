package dev.bdsim.cli;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.synth.AreaCrossCheck;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code cost --yosys}: the area proxy beside Yosys, as a table and two correlations. */
final class YosysComparison {
    private YosysComparison() {}

    static void print(PrintWriter out, TechLibrary tech, boolean json) throws Exception {
        Path dir = Files.createTempDirectory("bdsim-yosys");
        AreaCrossCheck.Result r = AreaCrossCheck.run(tech, dir);
        Table t = new Table("units").column("unit", "unit", "%s").column("proxy_ge", "area proxy (GE, " + tech.name() + ")", "%.0f")
                .column("yosys_cells", "Yosys cells", "%d").column("yosys_transistors", "Yosys transistors", "%d")
                .column("yosys_ge", "Yosys GE (transistors / 4)", "%.0f").column("proxy_over_yosys", "proxy / Yosys", "%.2f");
        for (AreaCrossCheck.Row row : r.rows()) {
            t.row(row.unit(), row.proxyGe(), row.yosys().cells(), row.yosys().transistors(), row.yosys().gateEquivalents(),
                    row.proxyGe() / row.yosys().gateEquivalents());
        }
        if (json) {
            JsonOption.print(out, JsonOption.with(JsonOption.document().put("tech", tech.name()), t).put("pearson", r.pearson())
                    .put("spearman", r.spearman()));
            return;
        }
        t.print(out, Table.Style.MARKDOWN);
        out.println();
        out.println(fmt("Pearson correlation %.3f, Spearman rank correlation %.3f over %d units", r.pearson(), r.spearman(), r.rows().size()));
        out.println("MAC units without their weight buffers and FP32 accumulator (black boxes on both sides); quantizers whole");
        out.println("(one lane, N = 32). Yosys: synth -flatten, stat -tech cmos; work files in " + dir);
        out.flush();
    }
}
