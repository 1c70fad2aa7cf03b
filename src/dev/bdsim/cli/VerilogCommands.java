package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.CheckFailedException;
import dev.bdsim.ProjectHome;
import dev.bdsim.cosim.Cosim;
import dev.bdsim.golden.Golden;
import dev.bdsim.golden.GoldenFile;
import dev.bdsim.golden.GoldenResult;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.netlist.Stimulus;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The commands that hand a netlist to RTL tools. */
final class VerilogCommands {
    private VerilogCommands() {}

    @Command(name = "export-verilog", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim export-verilog rtl-models/datapaths/dialectfp4.bdn --param LANES=4 -o out/verilog"},
            description = "Writes synthesizable Verilog-2005 of an elaborated netlist: a module per component instance and the top.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NETLIST", description = "A .bdn file")
        Path file;

        @Option(names = "--top", paramLabel = "MODULE", description = "Top module (default: the last in the file)")
        String top;

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Parameter of the top module (repeatable)")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
        Path out = Path.of("out", "verilog");

        @Option(names = "--stimulus", paramLabel = "FILE", description = {"Also write a self-checking testbench: the stimulus file",
                "(as for run) replayed, every output checked against the Java simulation"})
        Path stimulus;

        @Option(names = "--cycles", paramLabel = "N", description = "Cycles of the testbench (default: the stimulus lines)")
        Integer cycles;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Netlist n = Elaborator.elaborate(file, top, params);
            VerilogExporter.Export e = VerilogExporter.export(n, out);
            PrintWriter pw = spec.commandLine().getOut();
            pw.println(fmt("%s: module %s %s -> %s (%d components)", file, n.top(), n.parameters(), e.file(), n.circuit().components().size()));
            e.memories().forEach(m -> pw.println("  memory contents: " + m));
            if (stimulus != null || cycles != null) {
                Stimulus stim = stimulus == null ? Stimulus.none(n) : Stimulus.load(stimulus, n);
                int total = cycles != null ? cycles : stimulus != null ? stim.rows() : 100;
                if (total < 1) {
                    throw new BadInputException("--cycles must be at least 1, got " + total);
                }
                Path tb = Testbench.selfChecking(n, e.top(), stim, total, out);
                pw.println(fmt("  testbench: %s (%d cycles, expected outputs from the Java simulator); run it with", tb, total));
                pw.println(fmt("    cd %s && iverilog -g2005 -o sim %s %s && vvp -n sim", out, tb.getFileName(), e.file().getFileName()));
            }
            pw.flush();
            return 0;
        }
    }

    @Command(name = "cosim", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim cosim traces/golden/dialectfp4.golden --simulator icarus"},
            description = {"Co-simulation: runs each golden case in the Java simulator and, on the same recorded input stream,",
                    "in Icarus Verilog or Verilator (exported netlist + testbench); compares the output streams cycle by cycle",
                    "(exit 3 on a difference)."})
    static final class Cosimulate implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "GOLDEN", description = "Golden files whose cases to run (default: every file in traces/golden)")
        List<Path> files = new ArrayList<>();

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Working directory for Verilog, stimulus and outputs (default: ${DEFAULT-VALUE})")
        Path out = Path.of("out", "cosim");

        @Option(names = "--simulator", paramLabel = "TOOL", description = "icarus or verilator (default: ${DEFAULT-VALUE})")
        String simulator = "icarus";

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Cosim.Tool tool = switch (simulator) {
                case "icarus" -> Cosim.Tool.ICARUS;
                case "verilator" -> Cosim.Tool.VERILATOR;
                default -> throw new BadInputException("--simulator must be icarus or verilator, got '" + simulator + "'");
            };
            if (!tool.available()) {
                throw new BadInputException(tool.missing());
            }
            PrintWriter pw = spec.commandLine().getOut();
            List<Path> chosen = files.isEmpty() ? Golden.files(Golden.defaultDir()) : files;
            int failed = 0;
            for (Path file : chosen) {
                GoldenResult g = GoldenFile.read(file);
                long start = System.nanoTime();
                Cosim.Result r = Cosim.run(g.goldenCase(), ProjectHome.dir(), out.resolve(tool.name().toLowerCase(java.util.Locale.ROOT))
                        .resolve(g.goldenCase().name()), tool);
                double s = (System.nanoTime() - start) / 1e9;
                if (r.agrees()) {
                    pw.println(fmt("agree %-24s %,7d cycles, %,6d output events, Java and %s (%.1f s)", g.goldenCase().name(),
                            r.cycles(), r.events(), tool.title(), s));
                } else {
                    failed++;
                    pw.println("DIFF  " + g.goldenCase().name() + " (files in " + r.dir() + ")");
                    r.differences().forEach(d -> pw.println("      " + d));
                }
                pw.flush();
            }
            if (failed > 0) {
                throw new CheckFailedException(failed + " of " + chosen.size() + " cases differ between the Java simulator and Icarus Verilog");
            }
            pw.println(chosen.size() + " cases agree cycle by cycle");
            return 0;
        }
    }
}
