package dev.bdsim.cosim;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.BadInputException;
import dev.bdsim.golden.GoldenCase;
import dev.bdsim.golden.GoldenDiff;
import dev.bdsim.golden.GoldenFile;
import dev.bdsim.golden.GoldenResult;
import dev.bdsim.golden.GoldenRunner;
import dev.bdsim.io.Processes;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.verilog.PortRecorder;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Co-simulation: a golden case runs in the Java simulator while its inputs are recorded cycle by
 * cycle; the netlist is exported to Verilog with a testbench that replays those inputs, an RTL
 * simulator (Icarus Verilog or Verilator) runs it, and the two output streams are compared with
 * the golden-trace comparer.
 */
public final class Cosim {

    /** The outcome: the differences (empty when the streams agree), the cycles and events compared, and the files. */
    public record Result(List<String> differences, long cycles, long events, Path dir) {
        public boolean agrees() {
            return differences.isEmpty();
        }
    }

    /** The RTL simulators a case can run in. */
    public enum Tool {
        ICARUS("Icarus Verilog", "iverilog"), VERILATOR("Verilator", "verilator");

        private final String title;
        private final String debianPackage;

        Tool(String title, String debianPackage) {
            this.title = title;
            this.debianPackage = debianPackage;
        }

        public String title() {
            return title;
        }

        public boolean available() {
            return this == ICARUS ? Processes.onPath("iverilog") && Processes.onPath("vvp") : Processes.onPath("verilator");
        }

        /** The message when the tool is missing. */
        public String missing() {
            return title + " is not on the PATH; install it with apt-get install " + debianPackage;
        }
    }

    private Cosim() {}

    public static Result run(GoldenCase c, Path base, Path dir, Tool tool) throws IOException, InterruptedException {
        return run(c, base, dir, tool, v -> v);
    }

    /** As {@link #run(GoldenCase, Path, Path)}, with the exported Verilog edited before it is compiled (tests plant defects). */
    static Result run(GoldenCase c, Path base, Path dir, Tool tool, java.util.function.UnaryOperator<String> edit)
            throws IOException, InterruptedException {
        Prepared p = prepare(c, base, dir);
        Path v = p.export().file();
        Files.writeString(v, edit.apply(Files.readString(v)));
        simulate(tool, dir, p.export());
        return p.compare(dir);
    }

    /** A golden case run in the Java simulator, its netlist exported and a testbench replaying its recorded inputs written into a directory. */
    public record Prepared(GoldenCase goldenCase, GoldenResult java, Netlist netlist, Simulator sim, VerilogExporter.Export export, long cycles) {
        /** The output stream an RTL simulation of the testbench wrote in {@code dir}, against the Java run's. */
        public Result compare(Path dir) throws IOException {
            GoldenResult verilog = GoldenFile.readEvents(dir.resolve(Testbench.OUTPUTS), goldenCase);
            GoldenResult javaStream = new GoldenResult(goldenCase, Map.of(), List.of(), java.events(), java.totalEvents(), java.eventsSha256());
            return new Result(GoldenDiff.compare(javaStream, verilog), cycles, verilog.totalEvents(), dir);
        }
    }

    public static Prepared prepare(GoldenCase c, Path base, Path dir) throws IOException {
        AtomicFile.createDirectories(dir);
        PortRecorder[] inputs = new PortRecorder[1];
        VerilogExporter.Export[] export = new VerilogExporter.Export[1];
        Simulator[] simulator = new Simulator[1];
        GoldenResult java = GoldenRunner.run(c, base, (netlist, sim) -> {
            try {
                export[0] = VerilogExporter.export(netlist, dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            inputs[0] = new PortRecorder(netlist, sim);
            simulator[0] = sim;
        });
        PortRecorder rec = inputs[0];
        rec.write(dir.resolve(Testbench.STIMULUS));
        Testbench.write(dir.resolve(Testbench.TESTBENCH), export[0].top(), rec.netlist(), rec.cycles());
        Files.deleteIfExists(dir.resolve(Testbench.OUTPUTS));
        return new Prepared(c, java, rec.netlist(), simulator[0], export[0], rec.cycles());
    }

    private static void simulate(Tool tool, Path dir, VerilogExporter.Export export) throws IOException, InterruptedException {
        if (!tool.available()) {
            throw new BadInputException(tool.missing());
        }
        String top = export.file().getFileName().toString();
        if (tool == Tool.ICARUS) {
            Processes.exec(dir, List.of("iverilog", "-g2005", "-o", "sim.vvp", Testbench.TESTBENCH, top));
            Processes.exec(dir, List.of("vvp", "-n", "sim.vvp"));
        } else {
            Processes.exec(dir, List.of("verilator", "--binary", "--timing", "-Wno-fatal", "-Wno-lint", "-Wno-style", "-O2",
                    "--top-module", "testbench", "-Mdir", "obj_dir", "-o", "sim", Testbench.TESTBENCH, top));
            Processes.exec(dir, List.of(dir.resolve("obj_dir").resolve("sim").toAbsolutePath().toString()));
        }
    }
}
