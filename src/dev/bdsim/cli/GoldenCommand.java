package dev.bdsim.cli;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.BadInputException;
import dev.bdsim.CheckFailedException;
import dev.bdsim.golden.Golden;
import dev.bdsim.golden.GoldenCase;
import dev.bdsim.golden.GoldenDiff;
import dev.bdsim.golden.GoldenFile;
import dev.bdsim.golden.GoldenResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "golden", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim golden verify --outputs-only"},
        description = "Golden-trace regression: record the standard cases, or verify golden files against fresh runs.",
        subcommands = {GoldenCommand.Record.class, GoldenCommand.Verify.class})
public final class GoldenCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is missing: give one of the commands below");
    }

    /** A path as the user would type it: relative to the working directory when below it. */
    static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : file.toString();
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim golden record traces/golden/mxfp4.golden"},
            description = {"Writes a golden file per standard case (every datapath, the quantizers) into DIR,",
                    "or re-records the given golden files from their headers."})
    static final class Record implements java.util.concurrent.Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "FILE", description = "Golden files to re-record (default: the standard set)")
        List<Path> files = new ArrayList<>();

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where the standard set goes (default: traces/golden)")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (files.isEmpty()) {
                Path target = dir != null ? dir : Golden.defaultDir();
                AtomicFile.createDirectories(target);
                for (GoldenCase c : GoldenCase.standard()) {
                    Path file = target.resolve(c.name() + ".golden");
                    report(out, file, Golden.record(c, file));
                }
            } else {
                for (Path file : files) {
                    report(out, file, Golden.record(GoldenFile.read(file).goldenCase(), file));
                }
            }
            return 0;
        }

        private static void report(PrintWriter out, Path file, GoldenResult r) {
            out.println(CostTables.fmt("recorded %-40s %,8d cycles, %,6d output events", display(file), Long.parseLong(r.metrics().get("cycles")),
                    r.totalEvents()));
            out.flush();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim golden verify mxfp4 --events rtl_outputs.csv"},
            description = {"Re-runs the case of every golden file and compares output stream, metrics and component costs;",
                    "prints the first differing cycle and signal and the metric deltas; exit 3 on any difference."})
    static final class Verify implements java.util.concurrent.Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "FILE", description = "Golden files (default: every .golden file in traces/golden)")
        List<Path> files = new ArrayList<>();

        @Option(names = "--outputs-only", description = {"Compare the output stream and the simulation's metrics only, not the cost",
                "model's (area, energy), so a cost-model change does not fail the bit-exact output checks"})
        boolean outputsOnly;

        @Option(names = "--tolerance", paramLabel = "R", description = "Relative difference under which a number still agrees, e.g. 0.01 (default: 0, exact)")
        double tolerance;

        @Option(names = "--events", paramLabel = "CSV", description = {"Compare one case (a golden file, or a standard case by name) with an RTL",
                "simulator's output stream: lines cycle,signal,value (decimal or 0x hex; every cycle or only changes)"})
        Path events;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            GoldenDiff.Options options = new GoldenDiff.Options(outputsOnly, tolerance);
            if (events != null) {
                return againstEvents(out);
            }
            List<Path> chosen = files.isEmpty() ? Golden.files(Golden.defaultDir()) : files;
            int failed = 0;
            for (Path file : chosen) {
                Golden.Verdict v = Golden.verify(file, options);
                if (v.agrees()) {
                    out.println(CostTables.fmt("ok    %-40s %,8d cycles, %,6d output events", display(file),
                            Long.parseLong(v.now().metrics().get("cycles")), v.now().totalEvents()));
                } else {
                    failed++;
                    out.println("DIFF  " + display(file) + " (case " + v.golden().goldenCase().name() + ")");
                    v.differences().forEach(d -> out.println("      " + d));
                }
                out.flush();
            }
            if (failed > 0) {
                throw new CheckFailedException(failed + " of " + chosen.size() + " golden files differ from a fresh run (listed above)");
            }
            out.println(chosen.size() + " golden files agree");
            return 0;
        }

        private int againstEvents(PrintWriter out) {
            if (files.size() != 1) {
                throw new BadInputException("--events compares one case: give one golden file or standard case name, got " + files.size());
            }
            String which = files.get(0).toString();
            GoldenCase c = Files.isRegularFile(files.get(0)) ? GoldenFile.read(files.get(0)).goldenCase()
                    : GoldenCase.standard().stream().filter(k -> k.name().equals(which)).findFirst().orElseThrow(() -> new BadInputException(
                            which + " is neither a golden file nor a standard case; cases: "
                                    + String.join(", ", GoldenCase.standard().stream().map(GoldenCase::name).toList())));
            GoldenResult now = dev.bdsim.golden.GoldenRunner.run(c, dev.bdsim.ProjectHome.dir());
            GoldenResult rtl = GoldenFile.readEvents(events, c);
            java.util.Set<String> outputs = new java.util.TreeSet<>();
            now.events().forEach(e -> outputs.add(e.signal()));
            for (GoldenResult.Event e : rtl.events()) {
                if (!outputs.contains(e.signal())) {
                    throw new BadInputException(events + ": signal " + dev.bdsim.io.InputFiles.quote(events, "output stream", e.signal())
                            + " is not an output of case " + c.name() + "; its outputs: " + String.join(", ", outputs));
                }
            }
            List<String> differences = GoldenDiff.compare(rtl, now);
            if (!differences.isEmpty()) {
                out.println("DIFF  " + display(events) + " against case " + c.name());
                differences.forEach(d -> out.println("      " + d));
                out.flush();
                throw new CheckFailedException(display(events) + " differs from a fresh run of case " + c.name() + " (listed above)");
            }
            out.println(CostTables.fmt("ok    %s agrees with case %s: %,d output events", display(events), c.name(), now.totalEvents()));
            return 0;
        }
    }
}
