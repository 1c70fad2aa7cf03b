package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** Every shipped datapath netlist, simulated cycle by cycle on real traces, against the functional GEMM. */
class CycleGemmTest {
    /** Activations: 6 tokens of layer 0's attention input; weights: 10 rows of layer 1's FFN input (real data, K = 384). */
    static final Fp16Matrix X = Traces.open("traces/layer0.attn_in.npy").readRows(0, 6);
    static final Fp16Matrix W = Traces.open("traces/layer1.ffn_in.npy").readRows(20, 10);

    private static float[] cycleGemm(String format, String acc, Map<String, String> params) {
        BlockFormat f = Formats.parse(format, Formats.Options.defaults());
        QuantizedTensor x = f.quantize(X, BlockFormat.Role.ACTIVATION);
        QuantizedTensor w = f.quantize(W, BlockFormat.Role.WEIGHT);
        AccumulatorSpec spec = AccumulatorSpec.parse(acc);
        CycleGemm gemm = new CycleGemm(Datapaths.of(f.id()), null, params, w, spec);
        float[] y = gemm.multiply(x);
        float[] reference = ReferenceGemm.multiply(x, w, spec).y();
        int at = CycleGemm.firstMismatch(y, reference);
        assertEquals(-1, at, () -> format + " output " + at + ": datapath " + y[at] + ", reference " + reference[at]);
        return y;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dialectfp4", "dialectfp4-exh", "mxfp4", "nvfp4", "int4", "mxfp6-e2m3", "mxfp6-e3m2",
            "mxfp8-e4m3", "mxfp8-e5m2", "mxint8", "int8", "fp16"})
    void everyDatapathMatchesTheReferenceBitForBit(String format) {
        cycleGemm(format, "fp32", Map.of("LANES", "8", "DEPTH", "2"));
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4, fixed:32:16", "dialectfp4, fixed:20:8", "mxfp4, fixed:24:10:wrap", "int8, fixed:40:20",
            "mxfp8-e4m3, fixed:48:24", "mxfp8-e5m2, fixed:64:32", "mxint8, fixed:24:12"})
    void fixedPointAccumulatorsMatchToo(String format, String acc) {
        cycleGemm(format, acc, Map.of("LANES", "16", "DEPTH", "1"));
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "4, 1", "32, 0", "32, 5", "16, 3"})
    void lanesAndPipelineDepthDoNotChangeTheResult(int lanes, int depth) {
        cycleGemm("dialectfp4", "fp32", Map.of("LANES", Integer.toString(lanes), "DEPTH", Integer.toString(depth)));
    }

    @ParameterizedTest
    @CsvSource({"fp32, 8, 2", "fp32, 32, 0", "fixed:64:0, 4, 1", "fixed:40:8:wrap, 16, 3"})
    void e5m2BlockSumsWiderThan64BitsAreExact(String acc, int lanes, int depth) {
        // every element near the top of E5M2's range: each aligned product is about 2^63.6 and a block sum about 2^69
        int k = 64;
        double[] x = new double[3 * k];
        double[] w = new double[2 * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5 == 0 ? -1 : 1) * (1 + (i % 4) / 4.0) * 32768;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 == 3 ? -1 : 1) * (1.75 - (i % 3) / 4.0) * 32768;
        }
        BlockFormat f = Formats.parse("mxfp8-e5m2", Formats.Options.defaults());
        QuantizedTensor qx = f.quantize(Fp16Matrix.fromDoubles("x", 3, k, x), BlockFormat.Role.ACTIVATION);
        QuantizedTensor qw = f.quantize(Fp16Matrix.fromDoubles("w", 2, k, w), BlockFormat.Role.WEIGHT);
        assertTrue(ReferenceGemm.needsWideSums(qx, qw));
        AccumulatorSpec spec = AccumulatorSpec.parse(acc);
        CycleGemm gemm = new CycleGemm(Datapaths.of(f.id()), null, Map.of("LANES", Integer.toString(lanes), "DEPTH",
                Integer.toString(depth)), qw, spec);
        float[] y = gemm.multiply(qx);
        float[] reference = ReferenceGemm.multiply(qx, qw, spec).y();
        assertEquals(-1, CycleGemm.firstMismatch(y, reference), () -> java.util.Arrays.toString(y) + " vs " + java.util.Arrays.toString(reference));
    }

    private static Fp16Matrix firstColumns(Fp16Matrix m, int rows, int cols) {
        short[] bits = new short[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m.rawBits(), r * m.cols(), bits, r * cols, cols);
        }
        return new Fp16Matrix(m.name(), rows, cols, bits, 0);
    }

    /**
     * K = 64, 4 tokens, 3 weight rows, 8 lanes: 4 * 3 * 64 / 8 = 96 chunks, one per cycle, then the
     * pipeline drains: input register (1) + adder tree (d) + block sum (1) + accumulator (1) - 1,
     * since the last chunk is applied in cycle 96. FP16 has no block-sum stage.
     */
    @ParameterizedTest
    @CsvSource({"dialectfp4, 0, 98", "dialectfp4, 1, 99", "dialectfp4, 3, 101", "mxfp4, 2, 100", "int8, 3, 101",
            "fp16, 0, 97", "fp16, 2, 99"})
    void cycleCountsFollowFromThePipeline(String format, int depth, long cycles) {
        BlockFormat f = Formats.parse(format, Formats.Options.defaults());
        QuantizedTensor x = f.quantize(firstColumns(X, 4, 64), BlockFormat.Role.ACTIVATION);
        QuantizedTensor w = f.quantize(firstColumns(W, 3, 64), BlockFormat.Role.WEIGHT);
        CycleGemm gemm = new CycleGemm(Datapaths.of(f.id()), null, Map.of("LANES", "8", "DEPTH", Integer.toString(depth)),
                w, AccumulatorSpec.FP32);
        float[] y = gemm.multiply(x);
        CycleGemm.Stats stats = gemm.stats();
        assertEquals(96, stats.chunks());
        assertEquals(cycles, stats.cycles());
        assertEquals(4 * 3 * 64, stats.macs());
        assertEquals(4 * 3 * 64 / (8.0 * cycles), stats.utilisation(), 1e-12);
        assertEquals(-1, CycleGemm.firstMismatch(y, ReferenceGemm.multiply(x, w, AccumulatorSpec.FP32).y()));
    }

    @Test
    void lanesMustDivideTheBlock() {
        BadInputException e = assertThrows(BadInputException.class, () -> cycleGemm("nvfp4", "fp32", Map.of("LANES", "32")));
        assertTrue(e.getMessage().contains("LANES = 32 must divide the block size 16"), e.getMessage());
    }
}
