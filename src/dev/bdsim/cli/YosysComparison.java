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

    static void print(PrintWriter out, TechLibrary tech) throws Exception {
        Path dir = Files.createTempDirectory("bdsim-yosys");
        AreaCrossCheck.Result r = AreaCrossCheck.run(tech, dir);
        out.println(fmt("| unit | area proxy (GE, %s) | Yosys cells | Yosys transistors | Yosys GE (transistors / 4) | proxy / Yosys |", tech.name()));
        out.println("|---|---:|---:|---:|---:|---:|");
        for (AreaCrossCheck.Row row : r.rows()) {
            out.println(fmt("| %s | %.0f | %d | %d | %.0f | %.2f |", row.unit(), row.proxyGe(), row.yosys().cells(), row.yosys().transistors(),
                    row.yosys().gateEquivalents(), row.proxyGe() / row.yosys().gateEquivalents()));
        }
        out.println();
        out.println(fmt("Pearson correlation %.3f, Spearman rank correlation %.3f over %d units", r.pearson(), r.spearman(), r.rows().size()));
        out.println("MAC units without their weight buffers and FP32 accumulator (black boxes on both sides); quantizers whole");
        out.println("(one lane, N = 32). Yosys: synth -flatten, stat -tech cmos; work files in " + dir);
        out.flush();
    }
}
