package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.ProjectHome;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cosim.SpeedAnchor;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.model.Weights;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim bench --seconds 5"},
        description = {"Measures single-thread throughput: the event-driven kernel on a 32-lane MAC datapath netlist",
                "(simulated cycles/s, events/s, MAC/s), the two-stage DialectFP4 quantizer (elements/s) and the",
                "functional DialectFP4 GEMM (MAC/s) on a real trace and real weights, beside single-threaded NumPy",
                "float32 matmul of the same shape when python3 has numpy. Warm-up runs are discarded."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--activations", paramLabel = "TRACE", description = "Activation trace (default: the first shipped trace)")
    String activations;

    /** The functional GEMM's weights: a real feed-forward layer, wide enough for several of the vectorised path's tiles. */
    static final String GEMM_WEIGHTS = "minilm:layer.0.intermediate.dense";

    @Option(names = "--seconds", description = "Measuring time per benchmark (default: ${DEFAULT-VALUE})")
    double seconds = 3;

    @Option(names = "--netlist", paramLabel = "FILE", description = "Datapath netlist for the kernel benchmark (default: ${DEFAULT-VALUE})")
    Path netlist = ProjectHome.file("rtl-models", "bench", "lanes32.bdn");

    @Option(names = "--verilator", description = {"Speed anchor instead: the 32-lane DialectFP4 datapath on the same input stream",
            "in the Java simulator and in Verilator from a C++ harness (cycles/s and MAC/s of both, a hash of every output)"})
    boolean verilator;

    @Option(names = "--sampling", description = {"Sampled simulation instead: on a layer small enough to simulate whole, the sampled",
            "estimate beside the exhaustive run; then a LLaMA-7B-size projection (4096 x 4096 weights, 2048 tokens) timed"})
    boolean sampling;

    @Option(names = "--sample", paramLabel = "TILES", description = "Tiles --sampling simulates of the LLaMA-size product (default: ${DEFAULT-VALUE})")
    long sampleTiles = 2000;

    @Option(names = "--tokens", paramLabel = "ROWS", description = "Activation rows for --verilator (default: ${DEFAULT-VALUE})")
    int tokens = 64;

    @Option(names = "--weight-rows", paramLabel = "ROWS", description = "Weight rows for --verilator (default: ${DEFAULT-VALUE})")
    int weightRows = 384;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    /** The measurements, for --json. */
    private final com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.document();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = JsonOption.text(json.enabled, spec.commandLine().getOut());
        if (verilator) {
            speedAnchor(out);
            printJson();
            return 0;
        }
        if (sampling) {
            sampling(out);
            printJson();
            return 0;
        }
        kernel(out);
        String source = activations != null ? activations : ShippedTraces.load().linearInputs().get(0).path().toString();
        Fp16Matrix x = Traces.open(source).readAll();
        BlockFormat format = Formats.parse("dialectfp4", Formats.Options.defaults());
        out.printf(Locale.ROOT, "trace: %s [%d x %d], DialectFP4 B=32, one thread%n", source, x.rows(), x.cols());

        long elements = (long) x.rows() * x.cols();
        double quantRate = measure(() -> format.quantize(x, Role.ACTIVATION)) * elements;
        out.printf(Locale.ROOT, "two-stage quantizer : %8.1f M elements/s%n", quantRate / 1e6);

        Fp16Matrix weights = Weights.load(GEMM_WEIGHTS);
        QuantizedTensor qx = format.quantize(x, Role.ACTIVATION);
        QuantizedTensor qw = format.quantize(weights, Role.WEIGHT);
        long macs = (long) x.rows() * weights.rows() * x.cols();
        out.printf(Locale.ROOT, "functional GEMM: X · Wᵀ, W = %s [%d x %d], %,d MACs per run%n", GEMM_WEIGHTS, weights.rows(),
                weights.cols(), macs);
        double gemmRate = measure(() -> ReferenceGemm.multiply(qx, qw, AccumulatorSpec.FP32)) * macs;
        double blockRate = measure(() -> ReferenceGemm.general(qx, qw, AccumulatorSpec.FP32)) * macs;
        out.printf(Locale.ROOT, "  fp32, vectorised       : %8.1f M MAC/s (%.1fx block by block, the same bits)%n", gemmRate / 1e6,
                gemmRate / blockRate);
        out.printf(Locale.ROOT, "  fp32, block by block   : %8.1f M MAC/s%n", blockRate / 1e6);
        double fixedRate = measure(() -> ReferenceGemm.multiply(qx, qw, AccumulatorSpec.parse("fixed:32:16"))) * macs;
        out.printf(Locale.ROOT, "  fixed:32:16            : %8.1f M MAC/s%n", fixedRate / 1e6);
        double numpy = NumpyMatmul.macsPerSecond(x.rows(), weights.rows(), x.cols(), seconds);
        if (Double.isNaN(numpy)) {
            out.println("  NumPy float32 matmul   : not measured (python3 with numpy not found)");
        } else {
            out.printf(Locale.ROOT, "  NumPy float32 matmul   : %8.1f M MAC/s (same shape, one thread; the vectorised path at %.2fx)%n",
                    numpy / 1e6, gemmRate / numpy);
            doc.put("numpy_float32_macs_per_second", numpy);
        }
        doc.put("activations", source).put("quantizer_elements_per_second", quantRate).put("gemm_weights", GEMM_WEIGHTS)
                .put("gemm_macs_per_run", macs).put("gemm_fp32_macs_per_second", gemmRate)
                .put("gemm_fp32_block_by_block_macs_per_second", blockRate).put("gemm_fixed_macs_per_second", fixedRate);
        printJson();
        return 0;
    }

    private void printJson() {
        if (json.enabled) {
            JsonOption.print(spec.commandLine().getOut(), doc);
        }
    }

    /**
     * Simulates the datapath netlist with fresh random weight codes and activations on every lane in
     * every cycle, one MAC per lane per cycle, on each engine in turn.
     */
    private void kernel(PrintWriter out) {
        com.fasterxml.jackson.databind.node.ArrayNode engines = doc.arrayNode();
        double eventRate = 0;
        for (Simulator.Engine engine : SpeedAnchor.ENGINES) {
            Netlist n = Flow.elaborate(netlist, null, Map.of());
            Simulator sim = n.simulator(engine);
            Netlist.TopPort code = n.input("code");
            Netlist.TopPort act = n.input("act");
            if (code == null || act == null) {
                throw new BadInputException(netlist + ": the kernel benchmark needs inputs code and act (lanes of weight codes and activations)");
            }
            int lanes = act.lanes();
            int rows = 1024;
            long[][] codes = new long[rows][lanes];
            long[][] acts = new long[rows][lanes];
            Random rnd = new Random(1);
            for (int r = 0; r < rows; r++) {
                for (int l = 0; l < lanes; l++) {
                    codes[r][l] = rnd.nextInt(1 << code.type().width());
                    acts[r][l] = rnd.nextInt(1 << act.type().width()) - (act.type().signed() ? 1 << (act.type().width() - 1) : 0);
                }
            }
            int chunk = 4096;
            long[] cycle = {0};
            Simulator.Input codeLanes = sim.input(code.nets());
            Simulator.Input actLanes = sim.input(act.nets());
            Runnable step = () -> {
                for (int i = 0; i < chunk; i++) {
                    int r = (int) (cycle[0]++ & (rows - 1));
                    codeLanes.set(codes[r]);
                    actLanes.set(acts[r]);
                    sim.tick();
                }
            };
            step.run();
            long events0 = sim.events();
            long cycles0 = sim.cycle();
            double chunksPerSecond = measure(step);
            double seconds = (sim.cycle() - cycles0) / (chunksPerSecond * chunk);
            double cyclesPerSecond = chunksPerSecond * chunk;
            String name = engine.name().toLowerCase(Locale.ROOT);
            if (engine == Simulator.Engine.EVENT) {
                eventRate = cyclesPerSecond;
                long components = sim.activity().stream().filter(a -> !a.wiring()).count();
                out.printf(Locale.ROOT, "simulation: %s (%d lanes, %d components, %d nets), random inputs every cycle, one thread%n",
                        netlist, lanes, components, n.circuit().netCount());
                doc.put("kernel_netlist", netlist.toString()).put("kernel_lanes", lanes).put("kernel_components", components);
            }
            var row = engines.addObject().put("engine", name).put("cycles_per_second", cyclesPerSecond)
                    .put("macs_per_second", cyclesPerSecond * lanes);
            if (engine == Simulator.Engine.FUNCTIONAL) {
                out.printf(Locale.ROOT, "  %-10s engine: %8.3f M cycles/s  %8.1f M MAC/s  (%.2fx the event kernel; no activity)%n",
                        name, cyclesPerSecond / 1e6, cyclesPerSecond * lanes / 1e6, cyclesPerSecond / eventRate);
            } else {
                double eventsPerSecond = (sim.events() - events0) / seconds;
                row.put("events_per_second", eventsPerSecond);
                out.printf(Locale.ROOT, "  %-10s engine: %8.3f M cycles/s  %8.1f M MAC/s  (%.2fx the event kernel; %.1f M events/s)%n",
                        name, cyclesPerSecond / 1e6, cyclesPerSecond * lanes / 1e6, cyclesPerSecond / eventRate, eventsPerSecond / 1e6);
            }
        }
        doc.set("kernel", engines);
    }

    /** Runs per second, after a warm-up of a third of the measuring time. */
    private double measure(Runnable task) {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            task.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long runs = 0;
        long now;
        do {
            task.run();
            runs++;
            now = System.nanoTime();
        } while (now < end);
        return runs / ((now - start) / 1e9);
    }

    /**
     * The sampled simulation measured: its estimate against the exhaustive run of the same layer (128 real tokens x
     * layer 0's query weights), then the time of a LLaMA-7B-size projection built by tiling real data.
     */
    private void sampling(PrintWriter out) {
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        Path datapath = dev.bdsim.gemm.Datapaths.of(f.id());
        dev.bdsim.cost.TechLibrary tech = dev.bdsim.cost.TechLibrary.named("45nm");
        double hz = 500e6;
        String trace = activations != null ? activations : ProjectHome.file("traces", "layer0.attn_in.npy").toString();
        dev.bdsim.trace.TensorSource x = Traces.open(trace);
        Fp16Matrix w = Weights.load("minilm:layer.0.attention.self.query");
        int tokens = Math.min(128, x.rows());
        AccumulatorSpec fp32 = AccumulatorSpec.FP32;
        var whole = dev.bdsim.sweep.DatapathJob.run(datapath, Map.of(), f, fp32, x, tokens, tokens, w, false, tech, hz);
        long tiles = 300;
        var sampled = dev.bdsim.sweep.DatapathJob.runSampled(datapath, Map.of(), f, fp32, x, tokens, w, false, tech, hz, tiles, 16, 1);
        double exact = whole.cost().energyPj(dev.bdsim.cost.CostReport.ALL);
        double exactDatapath = whole.cost().energyPj(dev.bdsim.cost.CostReport.DATAPATH);
        var estimate = sampled.sampling().energyPj();
        var datapathEstimate = sampled.sampling().datapathPj();
        out.printf(Locale.ROOT, "sampling: DialectFP4 datapath (32 lanes, 45 nm, 500 MHz), %d real tokens x %s [%d x %d]%n", tokens,
                "minilm:layer.0.attention.self.query", w.rows(), w.cols());
        out.printf(Locale.ROOT, "  exhaustive : %,d cycles, %.1f nJ, simulated in %.2f s%n", whole.stats().cycles(), exact / 1000,
                whole.wallSeconds());
        out.printf(Locale.ROOT, "  sampled    : %,d cycles (schedule), %.1f nJ ± %.2f %% (95 %%), %d of %d tiles, %.2f s; off by %+.3f %%%n",
                sampled.stats().cycles(), estimate.value() / 1000, 100 * estimate.relativeHalfWidth(), sampled.sampling().sampledTiles(),
                sampled.sampling().populationTiles(), sampled.wallSeconds(), 100 * (estimate.value() - exact) / exact);
        out.printf(Locale.ROOT, "  datapath alone (without the weight buffers): exhaustive %.1f nJ, sampled %.1f nJ ± %.2f %%; off by %+.3f %%%n",
                exactDatapath / 1000, datapathEstimate.value() / 1000, 100 * datapathEstimate.relativeHalfWidth(),
                100 * (datapathEstimate.value() - exactDatapath) / exactDatapath);
        doc.put("exhaustive_energy_pj", exact).put("exhaustive_cycles", whole.stats().cycles()).put("exhaustive_seconds", whole.wallSeconds())
                .put("sampled_energy_pj", estimate.value()).put("sampled_energy_ci95_pj", estimate.halfWidth())
                .put("sampled_cycles", sampled.stats().cycles()).put("sampled_seconds", sampled.wallSeconds())
                .put("exhaustive_datapath_energy_pj", exactDatapath).put("sampled_datapath_energy_pj", datapathEstimate.value())
                .put("sampled_datapath_energy_ci95_pj", datapathEstimate.halfWidth());

        // LLaMA-7B size: 2048 tokens x 4096 of the real trace, 4096 x 4096 of a real FFN weight matrix, both repeated
        int m = 2048;
        int k = 4096;
        int n = 4096;
        Fp16Matrix xs = x.readRows(0, x.rows());
        Fp16Matrix ffn = Weights.load("minilm:layer.0.intermediate.dense");
        var big = dev.bdsim.sweep.DatapathJob.runSampled(datapath, Map.of(), f, fp32, dev.bdsim.trace.RowSource.of(tiled(xs, m, k)), m,
                tiled(ffn, n, k), false, tech, hz, sampleTiles, 16, 1);
        var e = big.sampling().energyPj();
        var ed = big.sampling().datapathPj();
        out.printf(Locale.ROOT, "projection: %d x %d activations (the trace repeated) x %d x %d weights (%s repeated)%n", m, k, n, k,
                "minilm:layer.0.intermediate.dense");
        out.printf(Locale.ROOT, "  %,d cycles (schedule), %.4f pJ/MAC ± %.2f %% with the weight buffers, %.4f pJ/MAC ± %.2f %% the datapath "
                        + "(95 %%), %d of %,d tiles (%,d cycles simulated), %.1f s, peak heap %.0f MB%n", big.stats().cycles(),
                e.value() / big.stats().macs(), 100 * e.relativeHalfWidth(), ed.value() / big.stats().macs(), 100 * ed.relativeHalfWidth(),
                big.sampling().sampledTiles(), big.sampling().populationTiles(), big.sampling().simulatedCycles(), big.wallSeconds(),
                big.peakHeapBytes() / 1048576.0);
        doc.put("projection_cycles", big.stats().cycles()).put("projection_pj_per_mac", e.value() / big.stats().macs())
                .put("projection_ci95_relative", e.relativeHalfWidth()).put("projection_seconds", big.wallSeconds())
                .put("projection_datapath_pj_per_mac", ed.value() / big.stats().macs())
                .put("projection_datapath_ci95_relative", ed.relativeHalfWidth());
    }

    /** {@code rows x cols} of {@code m}, repeated in both directions. */
    private static Fp16Matrix tiled(Fp16Matrix m, int rows, int cols) {
        short[] bits = new short[rows * cols];
        short[] src = m.rawBits();
        for (int r = 0; r < rows; r++) {
            int from = (r % m.rows()) * m.cols();
            for (int c = 0; c < cols; c++) {
                bits[r * cols + c] = src[from + c % m.cols()];
            }
        }
        return new Fp16Matrix(m.name() + " repeated", rows, cols, bits, 0);
    }

    private void speedAnchor(PrintWriter out) throws Exception {
        if (tokens < 1 || weightRows < 1) {
            throw new BadInputException("--tokens and --weight-rows must be at least 1");
        }
        String x = activations != null ? activations : ProjectHome.file("traces", "layer0.attn_in.npy").toString();
        String weights = "minilm:layer.0.attention.self.query";
        Path dir = java.nio.file.Files.createTempDirectory("bdsim-speed");
        SpeedAnchor.Result r = SpeedAnchor.run(ProjectHome.dir(), dir, x, tokens, weights, weightRows);
        out.printf(Locale.ROOT, "speed anchor: DialectFP4 MAC datapath, 32 lanes, %s (%d rows) x %s (%d rows): %,d cycles, %,d MACs%n",
                x, tokens, weights, weightRows, r.cycles(), r.macs());
        boolean same = r.java().stream().allMatch(j -> j.hash() == r.verilatorHash());
        double event = r.java().get(0).seconds();
        com.fasterxml.jackson.databind.node.ArrayNode engines = doc.arrayNode();
        for (SpeedAnchor.JavaRun j : r.java()) {
            out.printf(Locale.ROOT, "  Java, %-10s: %7.3f s  %8.3f M cycles/s  %8.1f M MAC/s  (%.2fx the event kernel, %.2fx Verilator)%n",
                    j.engine().name().toLowerCase(Locale.ROOT), j.seconds(), r.cycles() / j.seconds() / 1e6, r.macs() / j.seconds() / 1e6,
                    event / j.seconds(), r.verilatorSeconds() / j.seconds());
            engines.addObject().put("engine", j.engine().name().toLowerCase(Locale.ROOT)).put("seconds", j.seconds())
                    .put("macs_per_second", r.macs() / j.seconds()).put("over_verilator_speed", r.verilatorSeconds() / j.seconds())
                    .put("outputs_hash", String.format(Locale.ROOT, "%016x", j.hash()));
        }
        out.printf(Locale.ROOT, "  Verilator       : %7.3f s  %8.3f M cycles/s  %8.1f M MAC/s  (C++ harness, -O3, stimulus in memory; compile %.1f s)%n",
                r.verilatorSeconds(), r.verilatorCyclesPerSecond() / 1e6, r.macs() / r.verilatorSeconds() / 1e6, r.verilatorCompileSeconds());
        out.printf(Locale.ROOT, "  (compiled records activity as the event kernel does; functional is the compiled engine without it; each Java engine: the fastest of %d runs after a warm-up run)%n", SpeedAnchor.TIMED_RUNS);
        out.printf(Locale.ROOT, "  outputs hash    : %s, Verilator %016x: %s%n", r.java().stream()
                        .map(j -> String.format(Locale.ROOT, "%s %016x", j.engine().name().toLowerCase(Locale.ROOT), j.hash()))
                        .collect(java.util.stream.Collectors.joining(", ")), r.verilatorHash(),
                same ? "the same outputs in every cycle" : "DIFFERENT");
        out.printf(Locale.ROOT, "  work files in %s%n", dir);
        doc.put("activations", x).put("tokens", tokens).put("weights", weights).put("weight_rows", weightRows)
                .put("cycles", r.cycles()).put("macs", r.macs()).put("verilator_seconds", r.verilatorSeconds())
                .put("verilator_macs_per_second", r.macs() / r.verilatorSeconds()).put("verilator_compile_seconds", r.verilatorCompileSeconds())
                .put("verilator_outputs_hash", String.format(Locale.ROOT, "%016x", r.verilatorHash()));
        doc.set("java", engines);
        out.flush();
        if (!same) {
            throw new dev.bdsim.CheckFailedException("a Java engine and Verilator gave different outputs on the same stimulus (work files in "
                    + dir + ")");
        }
        out.flush();
    }
}
