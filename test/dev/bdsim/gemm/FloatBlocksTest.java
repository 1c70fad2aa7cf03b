package dev.bdsim.gemm;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quant.Formats;
import dev.bdsim.testutil.Tensors;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vectorised FP32 path gives the block-by-block path's bits, and is taken exactly where its values are exact. */
class FloatBlocksTest {
    /** Formats whose block values are exact in FP32 on real data (FP16: blocks of one product of 11-bit significands). */
    static final List<String> VECTORISED = List.of("dialectfp4", "mxfp4", "nvfp4", "mxfp6-e2m3", "mxfp6-e3m2", "mxint8", "int4", "fp16");

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                assertEquals(expected[i], actual[i], 0f, what + " output " + i);
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " output " + i + " (sign of zero)");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dialectfp4", "mxfp4", "nvfp4", "mxfp6-e2m3", "mxfp6-e3m2", "mxint8", "int4", "fp16"})
    void realTraceAcrossTileEdgesGivesTheBlockByBlockBits(String id) {
        // 70 tokens and 1100 output rows: more than one tile of each, neither a multiple of the tile
        dev.bdsim.trace.TensorSource trace = Traces.open(ShippedTraces.load().linearInputs().get(0).path().toString());
        BlockFormat f = Formats.parse(id, Formats.Options.defaults());
        QuantizedTensor x = f.quantize(trace.readRows(0, 70), Role.ACTIVATION);
        Fp16Matrix ffn = dev.bdsim.model.Weights.load("minilm:layer.0.intermediate.dense");
        Fp16Matrix rows = new Fp16Matrix("w", 1100, ffn.cols(), java.util.Arrays.copyOf(ffn.rawBits(), 1100 * ffn.cols()), 0);
        QuantizedTensor w = f.quantize(rows, Role.WEIGHT);
        assertTrue(FloatBlocks.applies(x, w) && FloatBlocks.fp32Exact(x, w), id + " block values exact in FP32");
        assertTrue(x.rows() > FloatBlocks.TOKEN_TILE && w.rows() > FloatBlocks.ROW_TILE && w.rows() % FloatBlocks.ROW_TILE != 0);
        assertSameBits(ReferenceGemm.general(x, w, AccumulatorSpec.FP32).y(), ReferenceGemm.multiply(x, w, AccumulatorSpec.FP32).y(), id);
    }

    /** Random data, K = 100 (a padded last block), and all-zero activation blocks, which add nothing to the block sums. */
    @Test
    void randomDataPaddedColumnsAndZeroBlocksGiveTheBlockByBlockBits() {
        Fp16Matrix random = Tensors.activations(5, 9, 100);
        short[] bits = random.rawBits().clone();
        for (int row : new int[] {2, 5}) {
            java.util.Arrays.fill(bits, row * 100 + 32, row * 100 + 64, (short) 0);
        }
        Fp16Matrix withZeroBlocks = new Fp16Matrix("x", 9, 100, bits, 0);
        for (String id : VECTORISED) {
            BlockFormat f = Formats.parse(id, Formats.Options.defaults());
            QuantizedTensor x = f.quantize(withZeroBlocks, Role.ACTIVATION);
            QuantizedTensor w = f.quantize(Tensors.activations(6, 13, 100), Role.WEIGHT);
            assertTrue(FloatBlocks.applies(x, w), id);
            for (String acc : List.of("fp32", "fixed:32:16")) {
                AccumulatorSpec spec = AccumulatorSpec.parse(acc);
                assertSameBits(ReferenceGemm.general(x, w, spec).y(), FloatBlocks.multiply(x, w, spec).y(), id + " " + acc);
            }
        }
    }

    /** Fixed-point accumulators on the vectorised block sums: the same bits, the same saturations and wraps, counted alike. */
    @ParameterizedTest
    @ValueSource(strings = {"fixed:32:16", "fixed:20:8", "fixed:14:6", "fixed:24:10:wrap"})
    void fixedPointAccumulatorsGiveTheBlockByBlockBitsAndOverflows(String acc) {
        dev.bdsim.trace.TensorSource trace = Traces.open(ShippedTraces.load().linearInputs().get(0).path().toString());
        Fp16Matrix ffn = dev.bdsim.model.Weights.load("minilm:layer.0.intermediate.dense");
        Fp16Matrix rows = new Fp16Matrix("w", 600, ffn.cols(), java.util.Arrays.copyOf(ffn.rawBits(), 600 * ffn.cols()), 0);
        AccumulatorSpec spec = AccumulatorSpec.parse(acc);
        long overflowed = 0;
        for (String id : VECTORISED) {
            BlockFormat f = Formats.parse(id, Formats.Options.defaults());
            QuantizedTensor x = f.quantize(trace.readRows(0, 70), Role.ACTIVATION);
            QuantizedTensor w = f.quantize(rows, Role.WEIGHT);
            assertTrue(FloatBlocks.applies(x, w), id);
            ReferenceGemm.Result general = ReferenceGemm.general(x, w, spec);
            ReferenceGemm.Result fast = ReferenceGemm.multiply(x, w, spec);
            assertSameBits(general.y(), fast.y(), id + " " + acc);
            assertEquals(general.overflows(), fast.overflows(), id + " " + acc + " overflows");
            overflowed += general.overflows();
        }
        if (acc.equals("fixed:14:6") || acc.endsWith("wrap")) {
            assertTrue(overflowed > 0, "a narrow accumulator overflows somewhere, so the counts are compared on real overflows");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mxfp8-e4m3", "mxfp8-e5m2"})
    void blockSumsBeyondFp32IntegersTakeTheExactPath(String id) {
        BlockFormat f = Formats.parse(id, Formats.Options.defaults());
        QuantizedTensor x = f.quantize(Tensors.activations(7, 3, 64), Role.ACTIVATION);
        QuantizedTensor w = f.quantize(Tensors.activations(8, 3, 64), Role.WEIGHT);
        assertFalse(FloatBlocks.applies(x, w), id + ": its block sums can exceed 2^24");
    }
}
