package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.synth.AreaCrossCheck;
import dev.bdsim.synth.GateLevelEnergy;
import dev.bdsim.synth.GateLevelEnergy.ComponentRow;
import dev.bdsim.synth.GateLevelEnergy.Row;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cost --gates}: the model's energy per MAC beside a gate-level simulation's, per single-lane MAC unit. */
final class GateEnergyComparison {
    private GateEnergyComparison() {}

    /** {@code cost --gates --breakdown}: one unit's energy per MAC component by component, the model's beside its own cells'. */
    static void printComponents(PrintWriter out, TechLibrary tech, Path liberty, Path cellModels, String format, boolean json) throws Exception {
        available(liberty, cellModels);
        if (format == null) {
            throw new BadInputException("--gates --breakdown shows one MAC unit: name its format with -f (one of "
                    + String.join(", ", AreaCrossCheck.MAC_UNITS) + ")");
        }
        if (!AreaCrossCheck.MAC_UNITS.contains(format)) {
            throw new BadInputException("-f " + format + ": no single-lane MAC unit of that format is compared; choose one of "
                    + String.join(", ", AreaCrossCheck.MAC_UNITS));
        }
        Path dir = Files.createTempDirectory("bdsim-gates");
        List<ComponentRow> rows = GateLevelEnergy.components(format, tech, liberty, cellModels, dir);
        Table t = new Table("components").column("instance", "component", "%s").column("type", "type", "%s")
                .column("model_pj_per_mac", "model (pJ/MAC, " + tech.name() + ")", "%.3f")
                .column("gate_pj_per_mac", "its cells (pJ/MAC)", "%.3f").column("model_over_gate", "model / cells", "%.2f")
                .column("cells", "cells", "%d");
        double model = 0;
        double gate = 0;
        long cells = 0;
        for (ComponentRow r : rows) {
            t.row(r.instance(), r.type(), r.modelPjPerMac(), r.gatePjPerMac(), r.modelPjPerMac() / r.gatePjPerMac(), r.cells());
            model += r.modelPjPerMac();
            gate += r.gatePjPerMac();
            cells += r.cells();
        }
        t.row("total", "", model, gate, model / gate, cells);
        if (json) {
            JsonOption.print(out, JsonOption.with(JsonOption.document().put("unit", format + " MAC unit").put("tech", tech.name())
                    .put("liberty", liberty.toString()), t));
            return;
        }
        out.println(format + " MAC unit, synthesized with its hierarchy kept (each component its own module, nothing optimised across");
        out.println("components, so the total is above the flattened unit's of --gates); nets between components are charged to the");
        out.println("components they drive. Weight buffers and the accumulator are left out.");
        t.print(out, Table.Style.MARKDOWN);
        out.println();
        out.println("Work files in " + dir);
        out.flush();
    }

    private static void available(Path liberty, Path cellModels) {
        if (!GateLevelEnergy.available(liberty, cellModels)) {
            throw new BadInputException("the gate-level energy needs Yosys, Icarus Verilog and the OSU 0.18 um cells (" + liberty + ", "
                    + cellModels + "); install them with apt-get install yosys iverilog qflow-tech-osu018");
        }
    }

    static void print(PrintWriter out, PrintWriter err, TechLibrary tech, Path liberty, Path cellModels, boolean json) throws Exception {
        available(liberty, cellModels);
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
