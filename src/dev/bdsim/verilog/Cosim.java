package dev.bdsim.verilog;

import dev.bdsim.BadInputException;
import dev.bdsim.golden.GoldenCase;
import dev.bdsim.golden.GoldenDiff;
import dev.bdsim.golden.GoldenFile;
import dev.bdsim.golden.GoldenResult;
import dev.bdsim.golden.GoldenRunner;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.report.AtomicFile;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Co-simulation: a golden case runs in the Java simulator while its inputs are recorded cycle by
 * cycle; the netlist is exported to Verilog with a testbench that replays those inputs, an RTL
 * simulator (Icarus Verilog or Verilator) runs it, and the two output streams are compared with
 * the golden-trace comparer.
 */
public final class Cosim {
    public static final String STIMULUS = "stimulus.hex";
    public static final String OUTPUTS = "outputs.csv";
    public static final String TESTBENCH = "testbench.v";

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
            return this == ICARUS ? onPath("iverilog") && onPath("vvp") : onPath("verilator");
        }

        /** The message when the tool is missing. */
        public String missing() {
            return title + " is not on the PATH; install it with apt-get install " + debianPackage;
        }
    }

    private Cosim() {}

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public static Result run(GoldenCase c, Path base, Path dir, Tool tool) throws IOException, InterruptedException {
        return run(c, base, dir, tool, v -> v);
    }

    /** As {@link #run(GoldenCase, Path, Path)}, with the exported Verilog edited before it is compiled (tests plant defects). */
    static Result run(GoldenCase c, Path base, Path dir, Tool tool, java.util.function.UnaryOperator<String> edit)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        InputRecorder[] inputs = new InputRecorder[1];
        VerilogExporter.Export[] export = new VerilogExporter.Export[1];
        GoldenResult java = GoldenRunner.run(c, base, netlist -> {
            try {
                export[0] = VerilogExporter.export(netlist, dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            inputs[0] = new InputRecorder(netlist);
        });
        InputRecorder rec = inputs[0];
        rec.write(dir.resolve(STIMULUS));
        Testbench.write(dir.resolve(TESTBENCH), export[0].top(), rec.netlist, rec.cycles());
        Path v = export[0].file();
        Files.writeString(v, edit.apply(Files.readString(v)));
        simulate(tool, dir, export[0]);
        GoldenResult verilog = GoldenFile.readEvents(dir.resolve(OUTPUTS), c);
        GoldenResult javaStream = new GoldenResult(c, Map.of(), List.of(), java.events(), java.totalEvents(), java.eventsSha256());
        return new Result(GoldenDiff.compare(javaStream, verilog), rec.cycles(), verilog.totalEvents(), dir);
    }

    private static void simulate(Tool tool, Path dir, VerilogExporter.Export export) throws IOException, InterruptedException {
        if (!tool.available()) {
            throw new BadInputException(tool.missing());
        }
        String top = export.file().getFileName().toString();
        Files.deleteIfExists(dir.resolve(OUTPUTS));
        if (tool == Tool.ICARUS) {
            exec(dir, List.of("iverilog", "-g2005", "-o", "sim.vvp", TESTBENCH, top));
            exec(dir, List.of("vvp", "-n", "sim.vvp"));
        } else {
            exec(dir, List.of("verilator", "--binary", "--timing", "-Wno-fatal", "-Wno-lint", "-Wno-style", "-O2",
                    "--top-module", "testbench", "-Mdir", "obj_dir", "-o", "sim", TESTBENCH, top));
            exec(dir, List.of(dir.resolve("obj_dir").resolve("sim").toAbsolutePath().toString()));
        }
    }

    static String exec(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new BadInputException(String.join(" ", command) + " failed in " + dir + ":\n"
                    + out.lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
        }
        return out;
    }

    /** The top inputs' (or outputs') values in every cycle, packed as the testbench reads them. */
    static final class InputRecorder implements Simulator.CycleObserver {
        final Netlist netlist;
        private final List<Netlist.TopPort> ports;
        private final List<BigInteger> lines = new ArrayList<>();

        InputRecorder(Netlist netlist) {
            this(netlist, netlist.inputs());
        }

        InputRecorder(Netlist netlist, List<Netlist.TopPort> ports) {
            this.netlist = netlist;
            this.ports = ports;
            netlist.simulator().addObserver(this);
        }

        /** Records once more after the last edge (for outputs: the final state). */
        void finish() {
            Simulator sim = netlist.simulator();
            sim.settle();
            settled(sim, sim.cycle());
        }

        @Override
        public void settled(Simulator sim, long cycle) {
            BigInteger v = BigInteger.ZERO;
            for (Netlist.TopPort p : ports) {
                int w = p.type().width();
                for (int l = p.lanes() - 1; l >= 0; l--) {
                    BigInteger lane = sim.valueNow(p.nets()[l]);
                    v = v.shiftLeft(w).or(lane.signum() < 0 ? lane.add(BigInteger.ONE.shiftLeft(w)) : lane);
                }
            }
            lines.add(v);
        }

        int cycles() {
            return lines.size();
        }

        void write(Path file) throws IOException {
            AtomicFile.writeText(file, w -> {
                for (BigInteger v : lines) {
                    w.write(v.toString(16) + "\n");
                }
            });
        }
    }
}
