package dev.bdsim.cosim;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cosim.Cosim;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.Datapaths;
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
import java.util.Map;

/**
 * The speed anchor: the 32-lane DialectFP4 MAC datapath on one input stream (real activations
 * times real weights), simulated by the Java kernel and by Verilator driven from a C++ harness
 * ({@link VerilatorHarness}); wall time of the simulation only (the Java run after a warm-up run,
 * Verilator's replay after its stimulus is in memory, its compile timed apart), and a hash of every
 * output in every cycle from both.
 */
public final class SpeedAnchor {
    /** Simulated cycles and MACs, the seconds each simulator took, and each one's hash of the outputs. */
    public record Result(long cycles, long macs, double javaSeconds, double verilatorSeconds, double verilatorCompileSeconds,
                         long javaHash, long verilatorHash) {
        public double javaCyclesPerSecond() {
            return cycles / javaSeconds;
        }

        public double verilatorCyclesPerSecond() {
            return cycles / verilatorSeconds;
        }
    }

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

        CycleGemm recorded = new CycleGemm(netlist, null, params, qw, AccumulatorSpec.FP32);
        VerilogExporter.Export export = VerilogExporter.export(recorded.netlist(), dir);
        PortRecorder inputs = new PortRecorder(recorded.netlist(), recorded.simulator());
        PortRecorder outputs = new PortRecorder(recorded.netlist(), recorded.simulator(), recorded.netlist().outputs());
        recorded.multiply(qx);
        outputs.finish();
        Path stimulus = dir.resolve(Testbench.STIMULUS);
        inputs.write(stimulus);

        CycleGemm timed = new CycleGemm(netlist, null, params, qw, AccumulatorSpec.FP32);
        long t0 = System.nanoTime();
        timed.multiply(qx);
        double javaSeconds = (System.nanoTime() - t0) / 1e9;
        CycleGemm.Stats s = timed.stats();

        long c0 = System.nanoTime();
        VerilatorHarness harness = VerilatorHarness.build(recorded.netlist(), export, dir);
        double compile = (System.nanoTime() - c0) / 1e9;
        VerilatorHarness.Run v = harness.run(stimulus);
        return new Result(s.cycles(), s.macs(), javaSeconds, v.seconds(), compile, outputs.hash(), v.hash());
    }
}
