package dev.bdsim.cli;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.liberty.CellLibrary;
import dev.bdsim.synth.TechFromLiberty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Reads a Liberty cell library: its cells, and the technology library the cost model takes from it. */
@Command(name = "liberty", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim liberty /usr/share/qflow/tech/osu018/osu018_stdcells.lib"},
        description = {"Reads a Liberty (.lib) standard-cell library and lists its cells (area, leakage, energy per",
                "operation); --tech-out writes the technology library computed from it (cell areas and energies,",
                "and the adders, multiplexers and memory bits that Yosys and ABC build from the cells), e.g.",
                "  ./sim liberty /usr/share/qflow/tech/osu018/osu018_stdcells.lib --tech-out rtl-models/tech/osu018.tech"})
final class LibertyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LIB", description = "A Liberty file")
    Path file;

    @Option(names = "--tech-out", paramLabel = "FILE", description = "Write the technology library (.tech) computed from the cells")
    Path techOut;

    @Option(names = "--cell-models", paramLabel = "FILE", description = "Verilog models of the cells, to measure the flow's adder and "
            + "multiplier energies at gate level (default: ${DEFAULT-VALUE})")
    Path cellModels = dev.bdsim.synth.GateLevelEnergy.CELL_MODELS;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the technology library (default: the file name of --tech-out)")
    String name;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CellLibrary lib = CellLibrary.read(file);
        double ge = lib.cell("NAND2X1").area();
        Table cells = new Table("cells").column("cell", "cell", "%s").column("area_um2", "area_um2", "%.1f").column("ge", "ge", "%.2f")
                .column("leakage_nw", "leakage_nw", "%.4f").column("pj_per_op", "pj_per_op", "%.5f");
        for (CellLibrary.Cell c : lib.cells().values()) {
            cells.row(c.name(), c.area(), c.area() / ge, c.leakageNw(), TechFromLiberty.bitOperation(lib, c.name()));
        }
        if (json.enabled && techOut == null) {
            JsonOption.print(out, JsonOption.with(JsonOption.document().put("liberty", file.toString()).put("library", lib.name())
                    .put("voltage", lib.voltage()), cells));
            return 0;
        }
        if (json.enabled) {
            throw new dev.bdsim.BadInputException("--json lists the cells; write the technology library (--tech-out) without it");
        }
        out.printf(Locale.ROOT, "%s: library %s, %s V, %d cells%n%n", file, lib.name(), TechFromLiberty.fmt(lib.voltage()), lib.cells().size());
        cells.print(out, Table.Style.TEXT);
        if (techOut != null) {
            String techName = name != null ? name : techOut.getFileName().toString().replaceFirst("\\.tech$", "");
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("bdsim-liberty");
            String text = TechFromLiberty.tech(lib, techName, file.toString(), dev.bdsim.synth.FlowCharacterization.measure(file, cellModels, work),
                    dev.bdsim.synth.FlowCharacterization.yosysVersion());
            AtomicFile.writeText(techOut, w -> w.write(text));
            out.println();
            out.println("wrote " + techOut);
        }
        return 0;
    }
}
