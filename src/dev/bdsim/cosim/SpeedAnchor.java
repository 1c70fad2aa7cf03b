package dev.bdsim.cosim;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cosim.Cosim;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.model.Weights;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.trace.Traces;
import dev.bdsim.verilog.PortRecorder;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The speed anchor: the 32-lane DialectFP4 MAC datapath on one input stream (real activations
 * times real weights), simulated by each Java engine and by Verilator driven from a C++ harness
 * ({@link VerilatorHarness}); wall time of the simulation only (each Java engine's fastest of three runs after a warm-up run,
 * Verilator's replay after its stimulus is in memory, its compile timed apart), and a hash of every
 * output in every cycle from both.
 */
public final class SpeedAnchor {
    /** Timed runs per Java engine, after its warm-up run; the fastest is reported (the JIT compiles as they go). */
    public static final int TIMED_RUNS = 3;

    /** One Java engine: its fastest run's seconds and the hash of every output in every cycle of its warm-up run. */
    public record JavaRun(Simulator.Engine engine, double seconds, long hash) {}

    /** Simulated cycles and MACs, each Java engine's run, Verilator's seconds, compile time and hash. */
    public record Result(long cycles, long macs, List<JavaRun> java, double verilatorSeconds, double verilatorCompileSeconds,
                         long verilatorHash) {
        public double verilatorCyclesPerSecond() {
            return cycles / verilatorSeconds;
        }
    }

    /** The engines timed, in the order reported. */
    public static final List<Simulator.Engine> ENGINES = List.of(Simulator.Engine.EVENT, Simulator.Engine.COMPILED, Simulator.Engine.FUNCTIONAL);

    private SpeedAnchor() {}

    public static Result run(Path base, Path dir, String activations, int tokens, String weights, int weightRows)
            throws IOException, InterruptedException {
        if (!Cosim.Tool.VERILATOR.available()) {
            throw new dev.bdsim.BadInputException(Cosim.Tool.VERILATOR.missing());
        }
        AtomicFile.createDirectories(dir);
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        TensorSource source = Traces.open(base.resolve(activations).toString());
        Fp16Matrix x = source.readRows(0, Math.min(tokens, source.rows()));
        String w = weights.startsWith(Weights.MODEL_PREFIX) ? weights : base.resolve(weights).toString();
        QuantizedTensor qw = f.quantize(Weights.load(w, weightRows), BlockFormat.Role.WEIGHT);
        QuantizedTensor qx = f.quantize(x, BlockFormat.Role.ACTIVATION);
        Path netlist = base.resolve(Datapaths.of("dialectfp4"));
        Map<String, String> params = Map.of("LANES", "32", "DEPTH", "1");

        CycleGemm recorded = new CycleGemm(netlist, null, params, qw, AccumulatorSpec.FP32, Simulator.Engine.EVENT);
        VerilogExporter.Export export = VerilogExporter.export(recorded.netlist(), dir);
        PortRecorder inputs = new PortRecorder(recorded.netlist(), recorded.simulator());
        recorded.multiply(qx);
        Path stimulus = dir.resolve(Testbench.STIMULUS);
        inputs.write(stimulus);

        List<JavaRun> runs = new ArrayList<>();
        CycleGemm.Stats s = null;
        for (Simulator.Engine engine : ENGINES) {
            // the warm-up run records the outputs; the timed run is the same work without the recorder
            CycleGemm warm = new CycleGemm(netlist, null, params, qw, AccumulatorSpec.FP32, engine);
            PortRecorder outputs = new PortRecorder(warm.netlist(), warm.simulator(), warm.netlist().outputs());
            warm.multiply(qx);
            outputs.finish();
            double fastest = Double.MAX_VALUE;
            for (int i = 0; i < TIMED_RUNS; i++) {
                CycleGemm timed = new CycleGemm(netlist, null, params, qw, AccumulatorSpec.FP32, engine);
                long t0 = System.nanoTime();
                timed.multiply(qx);
                fastest = Math.min(fastest, (System.nanoTime() - t0) / 1e9);
                if (engine == Simulator.Engine.EVENT) {
                    s = timed.stats(); // the functional engine has no activity to report: the event kernel's counts serve all
                }
            }
            runs.add(new JavaRun(engine, fastest, outputs.hash()));
        }

        long c0 = System.nanoTime();
        VerilatorHarness harness = VerilatorHarness.build(recorded.netlist(), export, dir);
        double compile = (System.nanoTime() - c0) / 1e9;
        VerilatorHarness.Run v = harness.run(stimulus);
        return new Result(s.cycles(), s.macs(), List.copyOf(runs), v.seconds(), compile, v.hash());
    }
}
