package dev.bdsim.cli;

import dev.bdsim.ProjectHome;
import dev.bdsim.report.ChartStyle;
import dev.bdsim.report.SweepCharts;
import dev.bdsim.report.SweepReport;
import dev.bdsim.sweep.Pareto;
import dev.bdsim.sweep.Shard;
import dev.bdsim.sweep.ShardMerge;
import dev.bdsim.sweep.PointResult;
import dev.bdsim.sweep.SweepMetrics;
import dev.bdsim.sweep.SweepRunner;
import dev.bdsim.sweep.SweepSpec;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static dev.bdsim.cli.CostTables.fmt;

@Command(name = "sweep", mixinStandardHelpOptions = true, subcommands = SweepCommand.Merge.class,
        footer = {"%nExample:", "  ./sim sweep rtl-models/sweeps/demo.yaml -o out/my-sweep -j 2"},
        description = {"Runs a design-space sweep (a YAML spec) on all cores: every point's GEMM cycle by cycle, checked",
                "bit for bit, with its costs; appends each finished point to results.jsonl/.csv (resumable), then writes",
                "charts (PNG, SVG) and report.html."})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "Sweep spec, e.g. rtl-models/sweeps/demo.yaml")
    Path specFile;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: out/<sweep name>)")
    Path out;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Points run at once (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--chart-style", paramLabel = "STYLE", description = CHART_STYLE)
    String chartStyle = "screen";

    @Option(names = "--shard", paramLabel = "I/N", description = {"Run only the points whose index modulo N is I (shard I of N, from 0),",
            "into -o's directory, resumable; no charts or report: `sweep merge` joins the N directories into the whole sweep's results"})
    String shard;

    @Option(names = "--master", paramLabel = "URL", description = {"Run the points as tasks on Apache Spark instead of local threads:",
            "local[N], local-cluster[WORKERS,CORES,MB] or spark://HOST:PORT (README \"Sweeps on a Spark cluster\"); the results file is",
            "written here, in point order, as on one machine"})
    String master;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final String CHART_STYLE = "Charts for the screen (900x560 px), or for a paper: column (3.5 in wide) or page (7 in),"
            + " PNG at 300 dpi and SVG in points (default: ${DEFAULT-VALUE}). A finished sweep run again redraws its charts only.";

    @Override
    public Integer call() throws Exception {
        if (specFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'SPEC' (or the command merge)");
        }
        SweepSpec s = SweepSpec.load(specFile);
        SweepRunner.Engine engine = master == null ? SweepRunner.LOCAL : new dev.bdsim.sweep.SparkEngine(master);
        if (shard != null) {
            Shard part = Shard.parse(shard);
            if (out == null) {
                throw new dev.bdsim.BadInputException("--shard needs -o DIR: each shard writes a directory of its own");
            }
            return runShard(s, part, engine, out, threads, json.enabled, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return run(s, engine, out != null ? out : Path.of("out", s.name()), threads, ChartStyle.parse(chartStyle), json.enabled,
                spec.commandLine().getOut(), spec.commandLine().getErr(), false);
    }

    /** One shard's points into {@code out}: results and a summary; the charts and the report come with the merge. */
    static int runShard(SweepSpec s, Shard part, SweepRunner.Engine engine, Path out, int threads, boolean json, PrintWriter stdout,
                        PrintWriter err) throws Exception {
        if (threads < 1) {
            throw new dev.bdsim.BadInputException("--threads must be at least 1, got " + threads);
        }
        SweepSpec.Expansion expansion = s.expand();
        int mine = part.of(expansion.points()).size();
        PrintWriter pw = JsonOption.text(json, stdout);
        pw.println(fmt("sweep %s (%s), shard %s: %d of %d points, %s -> %s", s.name(), GoldenCommand.display(s.file()), part, mine,
                expansion.points().size(), engine.where(threads), out));
        pw.flush();
        ProgressLine bar = new ProgressLine(err, "points", true);
        SweepRunner.Outcome o = SweepRunner.run(s, ProjectHome.dir(), out, part, engine, threads, (done, total, seconds) -> bar.update(done, total),
                0, false);
        bar.finish();
        if (o.added() < o.results().size()) {
            pw.println(fmt("  resumed: %d points were already in %s", o.results().size() - o.added(), out.resolve("results.jsonl")));
        }
        pw.println();
        summary(pw, o.results());
        pw.println();
        pw.println("wrote " + out.resolve("results.jsonl") + " and " + out.resolve("results.csv") + " (shard " + part + "); when every shard is "
                + "done: ./sim sweep merge DIR... -o OUT");
        pw.flush();
        if (json) {
            JsonOption.print(stdout, json(s, out, o.results(), expansion.skipped()).put("shard", part.toString()));
        }
        return 0;
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  ./sim sweep merge out/shard0 out/shard1 -o out/my-sweep"},
            description = {"Joins the result directories of a sweep's shards (--shard I/N, every shard once, each complete, one spec,",
                    "build and inputs) into the results the whole sweep gives on one machine, byte for byte, then writes its charts and report."})
    static final class Merge implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' result directories")
        List<Path> dirs;

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Output directory of the whole sweep")
        Path out;

        @Option(names = "--chart-style", paramLabel = "STYLE", description = CHART_STYLE)
        String chartStyle = "screen";

        @picocli.CommandLine.Mixin
        JsonOption json = new JsonOption();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ChartStyle style = ChartStyle.parse(chartStyle);
            ShardMerge.Merged m = ShardMerge.merge(dirs, out);
            SweepSpec s = SweepSpec.load(m.spec());
            if (!s.sha256().equals(ShardMerge.specSha256(out))) {
                throw new dev.bdsim.BadInputException("sweep merge: the shards were run from " + m.spec() + ", which has changed since; "
                        + "restore that version to merge them (" + out.resolve("results.jsonl") + " holds the merged points)");
            }
            JsonOption.text(json.enabled, spec.commandLine().getOut()).println(fmt("merged %d shards, %d points into %s", m.shards(), m.points(),
                    out.resolve("results.jsonl")));
            // the merged file holds every point: the sweep resumes it whole, computing nothing, and writes the tables, charts and report
            return run(s, out, 1, style, json.enabled, spec.commandLine().getOut(), spec.commandLine().getErr(), false);
        }
    }

    /** {@code replaceStale}: results in {@code out} that do not fit this run are replaced, not refused (the demo's own directory). */
    static int run(SweepSpec s, Path out, int threads, ChartStyle style, boolean json, PrintWriter stdout, PrintWriter err,
                   boolean replaceStale)
            throws Exception {
        return run(s, SweepRunner.LOCAL, out, threads, style, json, stdout, err, replaceStale);
    }

    static int run(SweepSpec s, SweepRunner.Engine engine, Path out, int threads, ChartStyle style, boolean json, PrintWriter stdout,
                   PrintWriter err, boolean replaceStale) throws Exception {
        if (threads < 1) {
            throw new dev.bdsim.BadInputException("--threads must be at least 1, got " + threads);
        }
        SweepSpec.Expansion expansion = s.expand();
        PrintWriter pw = JsonOption.text(json, stdout);
        pw.println(fmt("sweep %s (%s): %d points, %s -> %s", s.name(), GoldenCommand.display(s.file()), expansion.points().size(),
                engine.where(threads), out));
        if (!expansion.skipped().isEmpty()) {
            pw.println(fmt("  %d combinations left out (e.g. %s)", expansion.skipped().size(), expansion.skipped().get(0)));
        }
        pw.flush();
        ProgressLine bar = new ProgressLine(err, "points", true);
        SweepRunner.Outcome o = SweepRunner.run(s, ProjectHome.dir(), out, Shard.WHOLE, engine, threads,
                (done, total, seconds) -> bar.update(done, total), 0, replaceStale);
        bar.finish();
        if (o.replaced() != null) {
            pw.println("  started afresh, as earlier results would not fit: " + o.replaced());
        }
        if (o.added() < o.results().size()) {
            pw.println(fmt("  resumed: %d points were already in %s", o.results().size() - o.added(), out.resolve("results.jsonl")));
        }
        Map<String, JFreeChart> charts = SweepCharts.charts(s, o.results(), style);
        List<String> names = SweepCharts.write(out.resolve("charts"), charts, style);
        SweepReport.write(out, s, o.results(), expansion.skipped(), charts, style, ProjectHome.dir());
        pw.println();
        summary(pw, o.results());
        pw.println();
        pw.println("wrote " + out.resolve("results.jsonl") + ", " + out.resolve("results.csv") + ", " + names.size()
                + " charts in " + out.resolve("charts") + " (PNG, SVG) and " + out.resolve(SweepReport.FILE));
        pw.flush();
        if (json) {
            JsonOption.print(stdout, json(s, out, o.results(), expansion.skipped()));
        }
        return 0;
    }

    /** The points with their metrics, as the results file has them, and the Pareto flag of the summary. */
    static com.fasterxml.jackson.databind.node.ObjectNode json(SweepSpec s, Path out, List<PointResult> results, List<String> skipped) {
        List<PointResult> front = Pareto.front(results, r -> r.metric("energy_pj_per_mac"), r -> r.metric("output_sqnr_db"));
        com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.document().put("sweep", s.name())
                .put("results", out.resolve("results.jsonl").toString());
        com.fasterxml.jackson.databind.node.ArrayNode points = doc.putArray("points");
        for (PointResult r : results) {
            SweepSpec.Point p = r.point();
            com.fasterxml.jackson.databind.node.ObjectNode o = points.addObject().put("point", p.index()).put("format", p.format())
                    .put("lanes", p.lanes()).put("depth", p.depth()).put("acc", p.acc()).put("tech", p.tech()).put("clock", p.clock());
            if (!p.params().isEmpty()) {
                com.fasterxml.jackson.databind.node.ObjectNode params = o.putObject("params");
                p.params().forEach(params::put);
            }
            r.metrics().forEach((k, v) -> Table.put(o, k, v));
            o.put("pareto", front.contains(r));
        }
        com.fasterxml.jackson.databind.node.ArrayNode left = doc.putArray("left_out");
        skipped.forEach(left::add);
        return doc;
    }

    /** A number in its column's format, or a dash of the column's width for a metric the spec does not keep. */
    static String cell(String format, double v) {
        String shown = fmt(format, v);
        return Double.isNaN(v) ? " ".repeat(Math.max(0, shown.length() - 1)) + "-" : shown;
    }

    static void summary(PrintWriter pw, List<PointResult> results) {
        List<PointResult> front = Pareto.front(results, r -> r.metric("energy_pj_per_mac"), r -> r.metric("output_sqnr_db"));
        boolean cosine = results.stream().anyMatch(r -> !Double.isNaN(r.metric(SweepMetrics.COSINE)));
        boolean accs = results.stream().map(r -> r.point().acc()).distinct().count() > 1;
        // the other axes of the grid get a column when they vary (block is in the format's label, lanes always shown)
        java.util.Set<String> params = new java.util.LinkedHashSet<>();
        results.forEach(r -> params.addAll(r.point().params().keySet()));
        List<Axis> axes = java.util.stream.Stream.concat(java.util.stream.Stream.of(new Axis("depth", r -> Integer.toString(r.point().depth())),
                new Axis("tech", r -> r.point().tech()), new Axis("clock", r -> r.point().clock())),
                params.stream().map(name -> new Axis(name, r -> r.point().params().getOrDefault(name, "-"))))
                .filter(a -> results.stream().map(a.value()).distinct().count() > 1).toList();
        String axisHeader = axes.stream().map(a -> fmt(" %-" + a.width(results) + "s", a.name())).collect(java.util.stream.Collectors.joining());
        boolean overflowColumn = results.stream().anyMatch(r -> !r.point().acc().equals("fp32") || overflowed(r));
        int formatWidth = Math.max(16, results.stream().mapToInt(r -> r.point().format().length()).max().orElse(0));
        int accWidth = results.stream().mapToInt(r -> r.point().acc().length()).max().orElse(3);
        boolean timing = results.stream().anyMatch(r -> !Double.isNaN(r.metric(SweepMetrics.MAX_CLOCK)));
        boolean quantizer = results.stream().anyMatch(r -> !Double.isNaN(r.metric(SweepMetrics.WITH_QUANTIZER)));
        boolean system = results.stream().anyMatch(r -> !Double.isNaN(r.metric(SweepMetrics.WITH_DRAM)));
        boolean sampled = results.stream().anyMatch(r -> !Double.isNaN(r.metric(SweepMetrics.SAMPLE_CI)));
        boolean workload = results.stream().anyMatch(r -> !r.products().isEmpty() && !Double.isNaN(r.metric(SweepMetrics.PER_TOKEN)));
        pw.println(fmt("%-" + formatWidth + "s %5s%s%s %9s%s %7s %9s%s%s %10s%s%s %10s %9s%s %8s%s%s  %s", "format", "lanes",
                accs ? fmt(" %-" + accWidth + "s", "acc") : "", axisHeader, "cycles", system ? fmt(" %19s", "stalls q/act/weight") : "", "util %",
                "pJ/MAC", sampled ? fmt(" %7s", "±95% %") : "", quantizer ? fmt(" %9s", "+quant") : "", "+buffers", system ? fmt(" %9s %7s", "+DRAM", "TOPS/W") : "",
                workload ? fmt(" %9s", "uJ/token") : "",
                "area um^2", "power uW",
                timing ? fmt(" %9s", "fmax MHz") : "", "SQNR dB", overflowColumn ? fmt(" %9s", "overflows") : "", cosine ? "  emb cos" : "", "Pareto"));
        long tooFast = 0;
        long flagged = 0;
        for (PointResult r : results) {
            flagged += overflowed(r) ? 1 : 0;
            String axisValues = axes.stream().map(a -> fmt(" %-" + a.width(results) + "s", a.value().apply(r)))
                    .collect(java.util.stream.Collectors.joining());
            boolean above = r.metric(SweepMetrics.CLOCK_ABOVE_MAX) > 0;
            tooFast += above ? 1 : 0;
            pw.println(fmt("%-" + formatWidth + "s %5d%s%s %s%s %s %s%s%s %s%s%s %s %s%s %s%s%s  %s", r.point().format(),
                    r.point().lanes(), accs ? fmt(" %-" + accWidth + "s", r.point().acc()) : "", axisValues, cell("%,9.0f", r.metric("cycles")),
                    system ? " " + fmt("%19s", stalls(r)) : "",
                    cell("%7.1f", 100 * r.metric("utilisation")), cell("%9.4f", r.metric("energy_pj_per_mac")),
                    sampled ? " " + cell("%7.3f", r.metric(SweepMetrics.SAMPLE_CI)) : "",
                    quantizer ? " " + cell("%9.4f", r.metric(SweepMetrics.WITH_QUANTIZER)) : "",
                    cell("%10.4f", r.metric("energy_pj_per_mac_with_buffers")),
                    system ? " " + cell("%9.4f", r.metric(SweepMetrics.WITH_DRAM)) + " " + cell("%7.3f", r.metric(SweepMetrics.TOPS_PER_W)) : "",
                    workload ? " " + cell("%9.3f", r.metric(SweepMetrics.PER_TOKEN) / 1e6) : "",
                    cell("%10.0f", r.metric("area_um2")),
                    cell("%9.1f", r.metric("power_uw")), timing ? " " + cell("%8.0f", r.metric(SweepMetrics.MAX_CLOCK)) + (above ? "~" : " ") : "",
                    cell("%8.2f", r.metric("output_sqnr_db")),
                    overflowColumn ? " " + cell("%,8.0f", r.metric(SweepMetrics.OVERFLOWS)) + (overflowed(r) ? "!" : " ") : "",
                    cosine ? " " + cell("%8.4f", r.metric(SweepMetrics.COSINE)) : "", front.contains(r) ? "*" : ""));
        }
        if (system) {
            pw.println("stalls: cycles the array waited on the quantizer / on activations from DRAM / on weight tiles from DRAM; pJ/MAC: the array (+quant: and the online quantizer,");
            pw.println("+buffers: and the SRAM buffers, +DRAM: and the off-chip traffic, as TOPS/W); SQNR: output of X·Wᵀ against FP64;");
        } else {
            pw.println("pJ/MAC: datapath without the weight buffers (+buffers: with them); SQNR: output of X·Wᵀ against FP64;");
        }
        if (workload) {
            pw.println("uJ/token: every product of the workload, each as often as a token goes through it: " + (system ? "everything, DRAM included"
                    : "datapath, weight buffers and the online quantizer") + "; cycles, MACs and pJ/MAC over all of them; SQNR: the worst product's;");
        }
        if (sampled) {
            pw.println("±95% %: energy estimated from a sample of tiles (traces.sample), the half-width of its 95 % interval in per cent; "
                    + "cycles are exact, from the schedule; SQNR over the sampled outputs");
        }
        if (quantizer && !system) {
            pw.println("+quant: datapath and the online activation quantizer hardware, as narrow as keeps up;");
        }
        pw.println((cosine ? "emb cos: mean cosine of the model's sentence embeddings against FP32, every linear layer in the format;\n" : "")
                + "Pareto: no other point has less energy per MAC and at least the SQNR");
        if (timing) {
            pw.println("fmax: the highest clock the datapath's critical path allows (static timing of its logic depths)");
        }
        if (tooFast > 0) {
            pw.println(fmt("WARNING: %d point%s run%s at a clock above the maximum its critical path allows (marked ~): the datapath "
                    + "would not work at that clock; pipeline deeper (grid.depth) or lower grid.clock", tooFast, tooFast == 1 ? "" : "s",
                    tooFast == 1 ? "s" : ""));
        }
        if (flagged > 0) {
            pw.println(fmt("WARNING: %d point%s overflowed the fixed-point accumulator (marked !): their outputs saturated or wrapped; "
                    + "give those formats a wider accumulator (grid.acc can name one per format)", flagged, flagged == 1 ? "" : "s"));
        }
    }

    private static String stalls(PointResult r) {
        double q = r.metric(SweepMetrics.QUANTIZER_STALLS);
        double d = r.metric(SweepMetrics.DRAM_STALLS);
        double w = r.metric(SweepMetrics.WEIGHT_STALLS);
        return Double.isNaN(q) || Double.isNaN(d) || Double.isNaN(w) ? "-" : fmt("%,d/%,d/%,d", (long) q, (long) d, (long) w);
    }

    /** A grid axis of the summary: its column name and a point's value on it. */
    private record Axis(String name, java.util.function.Function<PointResult, String> value) {
        int width(List<PointResult> results) {
            return Math.max(name.length(), results.stream().mapToInt(r -> value.apply(r).length()).max().orElse(0));
        }
    }

    /** True when the point counted accumulator overflows. */
    static boolean overflowed(PointResult r) {
        return r.metric(SweepMetrics.OVERFLOWS) > 0;
    }
}
