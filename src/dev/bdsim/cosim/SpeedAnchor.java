package dev.bdsim.cosim;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cosim.Cosim;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.io.Processes;
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
import java.util.List;
import java.util.Map;

/**
 * The speed anchor: the 32-lane DialectFP4 MAC datapath on one input stream (real activations
 * times real weights), simulated by the Java kernel and by Verilator; wall time of the simulation
 * only (the Java run after a warm-up run; Verilator's compiled model, its compile timed apart).
 */
public final class SpeedAnchor {
    /** Simulated cycles and MACs, and the seconds each simulator took. */
    public record Result(long cycles, long macs, double javaSeconds, double verilatorSeconds, double verilatorCompileSeconds) {
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
        recorded.multiply(qx);
        inputs.write(dir.resolve(Testbench.STIMULUS));
        Testbench.write(dir.resolve(Testbench.TESTBENCH), export.top(), recorded.netlist(), inputs.cycles(), false, false);

        CycleGemm timed = new CycleGemm(netlist, null, params, qw, AccumulatorSpec.FP32);
        long t0 = System.nanoTime();
        timed.multiply(qx);
        double javaSeconds = (System.nanoTime() - t0) / 1e9;
        CycleGemm.Stats s = timed.stats();

        long c0 = System.nanoTime();
        Processes.exec(dir, List.of("verilator", "--binary", "--timing", "-Wno-fatal", "-Wno-lint", "-Wno-style", "-O2",
                "--top-module", "testbench", "-Mdir", "obj_dir", "-o", "sim", Testbench.TESTBENCH, export.file().getFileName().toString()));
        double compile = (System.nanoTime() - c0) / 1e9;
        long v0 = System.nanoTime();
        Processes.exec(dir, List.of(dir.resolve("obj_dir").resolve("sim").toAbsolutePath().toString()));
        double verilator = (System.nanoTime() - v0) / 1e9;
        return new Result(s.cycles(), s.macs(), javaSeconds, verilator, compile);
    }
}
