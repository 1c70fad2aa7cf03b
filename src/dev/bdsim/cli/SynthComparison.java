package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.synth.StandardCellComparison;
import dev.bdsim.synth.StandardCellComparison.Row;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cost --synth}: the model's area beside standard-cell synthesis, per kind and per unit. */
final class SynthComparison {
    private SynthComparison() {}

    static void print(PrintWriter out, PrintWriter err, TechLibrary tech, Path liberty, List<Path> netlists, java.util.Map<String, String> params,
                      boolean json) throws Exception {
        if (!Files.isRegularFile(liberty)) {
            throw new BadInputException(liberty + ": Liberty file not found; install the OSU 0.18 um cells (apt-get install "
                    + "qflow-tech-osu018) or give --liberty");
        }
        Path dir = Files.createTempDirectory("bdsim-synth");
        ProgressLine progress = new ProgressLine(err, "syntheses");
        List<Row> rows = netlists.isEmpty() ? StandardCellComparison.run(tech, liberty, dir, s -> true, progress::update)
                : StandardCellComparison.netlists(tech, liberty, dir, netlists, params, progress::update);
        progress.finish();
        com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.document().put("tech", tech.name()).put("liberty", liberty.toString());
        for (StandardCellComparison.Scope scope : StandardCellComparison.Scope.values()) {
            if (rows.stream().noneMatch(r -> r.scope() == scope)) {
                continue;
            }
            Table t = new Table(scope == StandardCellComparison.Scope.KIND ? "component_kinds"
                    : scope == StandardCellComparison.Scope.UNIT ? "units" : "netlists")
                    .column("name", scope == StandardCellComparison.Scope.KIND ? "component kind (example parameters, one lane)"
                            : scope == StandardCellComparison.Scope.UNIT ? "unit" : "netlist (memories left out)", "%s")
                    .column("model_um2", "model (um^2, " + tech.name() + ")", "%.0f").column("synthesized_um2", "synthesized (um^2)", "%.0f")
                    .column("cells", "cells", "%d").column("model_over_synthesized", "model / synthesized", "%.2f")
                    .column("model_path_ns", "model path (ns)", "%.2f").column("sta_path_ns", "OpenSTA path (ns)", "%.2f")
                    .column("model_over_sta", "model / STA", "%.2f");
            for (Row r : rows) {
                if (r.scope() == scope) {
                    t.row(r.name(), r.modelUm2(), r.synthesized().areaUm2(), r.synthesized().cells(), r.ratio(), r.modelPathPs() / 1000,
                            r.staPathPs() / 1000, r.timingRatio());
                }
            }
            if (json) {
                JsonOption.with(doc, t);
            } else {
                t.print(out, Table.Style.MARKDOWN);
                out.println();
            }
        }
        if (json) {
            JsonOption.print(out, doc);
            return;
        }
        out.println("Yosys: synth -flatten; dfflibmap, abc and stat -liberty " + liberty + "; paths: clock-to-Q, logic and setup, the "
                + "model's from its components' logic depths, OpenSTA's on the mapped netlist (ideal clock, no wires);");
        out.println(netlists.isEmpty() ? "MAC units without weight buffers and accumulator (black boxes on both sides); quantizers whole "
                + "(one lane, N = 32). Work files in " + dir : "memories (Sram) are black boxes on both sides. Work files in " + dir);
        out.flush();
    }
}
