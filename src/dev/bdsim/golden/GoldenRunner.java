package dev.bdsim.golden;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.Clock;
import dev.bdsim.cost.ComponentCost;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleAccelerator;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.model.Weights;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.trace.Traces;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs a golden case through the cycle-accurate simulator and collects what a golden file records. */
public final class GoldenRunner {
    private GoldenRunner() {}

    public static GoldenResult run(GoldenCase c, Path base) {
        return run(c, base, (netlist, sim) -> { });
    }

    /** Runs the case; {@code beforeRun} sees the netlist and its simulation once they are built and loaded, before the first cycle. */
    public static GoldenResult run(GoldenCase c, Path base, java.util.function.BiConsumer<Netlist, Simulator> beforeRun) {
        Map<String, String> read = new java.util.TreeMap<>();
        Map<String, String> inputs = new java.util.TreeMap<>();
        GoldenResult r = dev.bdsim.io.InputFiles.recording(read, () -> runCase(c, base, beforeRun, inputs));
        read.forEach((file, sha) -> inputs.put(dev.bdsim.io.InputFiles.nameInProject(base, file), sha));
        inputs.put(c.activations(), sha256(base.resolve(c.activations())));
        return r.withInputs(inputs);
    }

    private static String sha256(Path file) {
        try {
            return dev.bdsim.io.InputFiles.sha256(file);
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Runs the case; adds the weights' checksum to {@code inputs} (a file's, or a model weight's FP16 bits). */
    private static GoldenResult runCase(GoldenCase c, Path base, java.util.function.BiConsumer<Netlist, Simulator> beforeRun,
                                        Map<String, String> inputs) {
        Path netlist = base.resolve(c.netlist());
        BlockFormat format = Formats.parse(c.format(), Formats.Options.defaults());
        Fp16Matrix x = firstRows(Traces.open(base.resolve(c.activations()).toString()), c.tokens());
        Map<String, String> metrics = new LinkedHashMap<>();
        OutputRecorder stream;
        Netlist built;
        List<Activity> activity;
        long cycles;
        long work;
        if (c.kind().equals("gemm")) {
            QuantizedTensor qw = quantizedWeights(c, base, format, inputs);
            CycleGemm gemm = new CycleGemm(netlist, null, c.params(), qw, AccumulatorSpec.parse(c.acc()));
            beforeRun.accept(gemm.netlist(), gemm.simulator());
            stream = new OutputRecorder(gemm.netlist(), gemm.simulator());
            float[] y = gemm.multiply(format.quantize(x, BlockFormat.Role.ACTIVATION));
            CycleGemm.Stats s = gemm.stats();
            metrics.put("cycles", Long.toString(s.cycles()));
            metrics.put("chunks", Long.toString(s.chunks()));
            metrics.put("stall_cycles", Long.toString(s.stallCycles()));
            metrics.put("accumulator_overflows", Long.toString(s.accumulatorOverflows()));
            metrics.put("outputs", Integer.toString(y.length));
            metrics.put("outputs_sha256", sha256(y));
            built = gemm.netlist();
            activity = s.activity();
            cycles = s.cycles();
            work = s.macs();
        } else if (c.kind().equals("accelerator")) {
            QuantizedTensor qw = quantizedWeights(c, base, format, inputs);
            CycleAccelerator a = new CycleAccelerator(netlist, c.params(), format, qw, AccumulatorSpec.parse(c.acc()),
                    TechLibrary.named(c.tech()), Clock.parse(c.clock()));
            OutputRecorder[] recorder = new OutputRecorder[1];
            float[] y = a.multiply(x, (n, sim) -> {
                beforeRun.accept(n, sim);
                recorder[0] = new OutputRecorder(n, sim);
            });
            stream = recorder[0];
            float[] reference = ReferenceGemm.multiply(format.quantize(x, BlockFormat.Role.ACTIVATION), qw, AccumulatorSpec.parse(c.acc())).y();
            int at = CycleGemm.firstMismatch(y, reference);
            if (at >= 0) {
                throw new dev.bdsim.CheckFailedException(c.name() + ": accelerator output " + at + " is " + y[at] + ", the functional quantize + GEMM's "
                        + reference[at] + "; a golden file records only bit-exact runs");
            }
            CycleAccelerator.Stats s = a.stats();
            metrics.put("cycles", Long.toString(s.cycles()));
            metrics.put("issues", Long.toString(s.issues()));
            metrics.put("fill_cycles", Long.toString(s.fillCycles()));
            metrics.put("quantizer_stall_cycles", Long.toString(s.quantizerStallCycles()));
            metrics.put("dram_stall_cycles", Long.toString(s.dramStallCycles()));
            metrics.put("weight_stall_cycles", Long.toString(s.weightStallCycles()));
            metrics.put("drain_cycles", Long.toString(s.drainCycles()));
            metrics.put("backpressure_cycles", Long.toString(s.backpressureCycles()));
            metrics.put("dram_activation_bytes", Long.toString(s.activationBytes()));
            metrics.put("dram_weight_bytes", Long.toString(s.weightBytes()));
            metrics.put("outputs", Integer.toString(y.length));
            metrics.put("outputs_sha256", sha256(y));
            built = a.netlist();
            activity = s.activity();
            cycles = s.cycles();
            work = s.macs();
        } else {
            CycleQuantizer q = new CycleQuantizer(netlist, CycleQuantizer.clocked(netlist, c.params(), format, TechLibrary.named(c.tech()),
                    Clock.parse(c.clock())), format);
            beforeRun.accept(q.netlist(), q.simulator());
            stream = new OutputRecorder(q.netlist(), q.simulator());
            CycleQuantizer.Output out = q.quantize(x);
            CycleQuantizer.Stats s = q.stats();
            metrics.put("cycles", Long.toString(s.cycles()));
            metrics.put("blocks", Long.toString(s.blocks()));
            metrics.put("latency_cycles", Long.toString(s.latencyCycles()));
            Hasher h = Hashing.sha256().newHasher();
            for (int code : out.codes()) {
                h.putByte((byte) code);
            }
            for (long word : out.blockWords()) {
                h.putLong(word);
            }
            metrics.put("codes_sha256", h.hash().toString());
            built = q.netlist();
            activity = s.activity();
            cycles = s.cycles();
            work = s.elements();
        }
        CostReport cost = Flow.cost(built, activity, cycles, TechLibrary.named(c.tech()), Clock.parse(c.clock()), work);
        metrics.put("area_ge", fmt2(cost.areaGe(CostReport.ALL)));
        metrics.put("energy_pj", fmt4(cost.energyPj(CostReport.ALL)));
        metrics.put(c.kind().equals("quantizer") ? "pj_per_element" : "pj_per_mac", fmt6(cost.pjPerMac(CostReport.ALL)));
        List<GoldenResult.ComponentLine> lines = new ArrayList<>();
        for (ComponentCost cc : cost.components()) {
            lines.add(new GoldenResult.ComponentLine(cc.instance(), cc.type(), fmt2(cc.areaGe()), fmt4(cc.totalPj()), cc.toggles(), cc.actions()));
        }
        return stream.result(c, metrics, lines);
    }

    private static String sha256(float[] y) {
        Hasher h = Hashing.sha256().newHasher();
        for (float v : y) {
            h.putInt(Float.floatToRawIntBits(v));
        }
        return h.hash().toString();
    }

    /** The case's weights quantized offline; their checksum (a file's, or a model weight's FP16 bits) into {@code inputs}. */
    private static QuantizedTensor quantizedWeights(GoldenCase c, Path base, BlockFormat format, Map<String, String> inputs) {
        boolean model = c.weights().startsWith(Weights.MODEL_PREFIX);
        Fp16Matrix w = Weights.load(model ? c.weights() : base.resolve(c.weights()).toString(), c.weightRows());
        inputs.put(c.weights(), model ? dev.bdsim.io.InputFiles.sha256(w.rawBits()) : sha256(base.resolve(c.weights())));
        return format.quantize(w, BlockFormat.Role.WEIGHT);
    }

    private static Fp16Matrix firstRows(TensorSource source, int rows) {
        return source.readRows(0, Math.min(rows, source.rows()));
    }

    static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmt6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
