package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.synth.GateLevelEnergy;
import dev.bdsim.synth.GateLevelEnergy.Row;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cost --gates}: the model's energy per MAC beside a gate-level simulation's, per single-lane MAC unit. */
final class GateEnergyComparison {
    private GateEnergyComparison() {}

    static void print(PrintWriter out, PrintWriter err, TechLibrary tech, Path liberty, Path cellModels, boolean json) throws Exception {
        if (!GateLevelEnergy.available(liberty, cellModels)) {
            throw new BadInputException("the gate-level energy needs Yosys, Icarus Verilog and the OSU 0.18 um cells (" + liberty + ", "
                    + cellModels + "); install them with apt-get install yosys iverilog qflow-tech-osu018");
        }
        Path dir = Files.createTempDirectory("bdsim-gates");
        ProgressLine progress = new ProgressLine(err, "units");
        List<Row> rows = GateLevelEnergy.macUnits(tech, liberty, cellModels, dir, progress::update);
        progress.finish();
        Row reference = rows.stream().filter(r -> r.unit().startsWith("int8 ")).findFirst().orElse(rows.get(0));
        String ref = reference.unit().replace(" MAC unit", "");
        Table t = new Table("units").column("unit", "unit", "%s").column("model_pj_per_mac", "model (pJ/MAC, " + tech.name() + ")", "%.2f")
                .column("gate_pj_per_mac", "gate level (pJ/MAC)", "%.2f").column("model_over_gate", "model / gate level", "%.2f")
                .column("model_relative", "model / " + ref, "%.2f").column("gate_relative", "gate level / " + ref, "%.2f")
                .column("cells", "cells", "%d").column("net_toggles", "net toggles", "%,d");
        for (Row r : rows) {
            t.row(r.unit(), r.modelPjPerMac(), r.gatePjPerMac(), r.ratio(), r.modelPjPerMac() / reference.modelPjPerMac(),
                    r.gatePjPerMac() / reference.gatePjPerMac(), r.cells(), r.netToggles());
        }
        if (json) {
            JsonOption.print(out, JsonOption.with(JsonOption.document().put("tech", tech.name()).put("liberty", liberty.toString()), t));
            return;
        }
        t.print(out, Table.Style.MARKDOWN);
        out.println();
        out.println("One real activation row (traces/layer0.attn_in.npy) against two weight rows, 768 MACs per unit, one lane; the gate");
        out.println("netlist (Yosys + ABC on " + liberty.getFileName() + ") simulated in Icarus Verilog with the library's cell models, its");
        out.println("outputs checked against the Java run's; energy: 1/2 C V^2 per net toggle (Liberty pin capacitances) plus the cells'");
        out.println("internal energy. Weight buffers and the accumulator are left out on both sides. Work files in " + dir);
        out.flush();
    }
}
