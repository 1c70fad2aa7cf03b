package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.LevelTableFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.format.WeightOnlyFormat;
import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.kernel.Activity;
import dev.bdsim.quant.Formats;
import dev.bdsim.testutil.Tensors;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight-only datapaths (weight_only.bdn), cycle by cycle, against the functional GEMM of FP16 activations and decoded weights. */
class WeightOnlyDatapathTest {
    static final Fp16Matrix X = Traces.open("traces/layer0.attn_in.npy").readRows(0, 5);
    static final Fp16Matrix W = Traces.open("traces/layer1.ffn_in.npy").readRows(20, 9);

    static Stream<String> formatsWithDatapaths() {
        return Formats.WEIGHT_ONLY.stream().filter(Datapaths.formats()::contains);
    }

    static CycleGemm run(String format, Fp16Matrix x, Fp16Matrix w, Map<String, String> params) {
        WeightOnlyFormat f = (WeightOnlyFormat) Formats.parse(format, Formats.Options.defaults());
        QuantizedTensor qx = f.quantize(x, Role.ACTIVATION);
        QuantizedTensor qw = f.quantize(w, Role.WEIGHT);
        CycleGemm gemm = new CycleGemm(Datapaths.of(f.id()), null, params, qw, AccumulatorSpec.FP32);
        float[] y = gemm.multiply(qx);
        float[] reference = ReferenceGemm.multiply(qx, qw, AccumulatorSpec.FP32).y();
        int at = CycleGemm.firstMismatch(y, reference);
        assertEquals(-1, at, () -> format + " " + params + " output " + at + ": datapath " + y[at] + ", reference " + reference[at]);
        return gemm;
    }

    @ParameterizedTest
    @MethodSource("formatsWithDatapaths")
    void everyWeightOnlyDatapathIsBitExactOnRealData(String format) {
        run(format, X, W, Map.of("LANES", "8", "DEPTH", "1"));
        run(format, X, W, Map.of("LANES", "32", "DEPTH", "0", "DEC_STAGES", "0"));
    }

    /** K = 100: a last group of 36 weights and a last chunk of 4 of 8 lanes; 300 rows, so the double-quantized scales need two words. */
    @ParameterizedTest
    @CsvSource({"nf4, 4", "nf4-dq, 8", "bnb-fp4, 2", "hqq-int3, 4", "minmax-int4, 1", "int8-channel, 16", "nf4@32, 16", "aq-2x8, 8", "aq-2x8, 16"})
    void partialGroupsAndChunksAreExact(String format, int lanes) {
        run(format, Tensors.activations(4, 3, 100), Tensors.activations(5, 300, 100), Map.of("LANES", Integer.toString(lanes), "DEPTH", "2"));
    }

    /**
     * The group word is read once per group and output: 384 / 64 = 6 per output for NF4, one per output for per-channel INT8;
     * a code word per chunk; the additive codebooks, each of their two copies at 16 lanes, once per chunk.
     */
    @Test
    void theGroupWordIsReadWhenTheGroupChangesAndTheCodebooksOncePerChunk() {
        assertEquals(6L * 5 * 9, reads(run("nf4", X, W, Map.of("LANES", "16")), "w_meta"));
        assertEquals(5L * 9, reads(run("int8-channel", X, W, Map.of("LANES", "16")), "w_meta"));
        assertEquals(5L * 9 * 384 / 16, reads(run("nf4", X, W, Map.of("LANES", "16")), "w_codes"), "a code word per chunk");
        CycleGemm aq = run("aq-2x8", X, W, Map.of("LANES", "16"));
        for (String book : new String[] {"cb1_0", "cb1_1", "cb2_0", "cb2_1"}) {
            assertEquals(5L * 9 * 384 / 16, reads(aq, book), book);
        }
    }

    private static long reads(CycleGemm gemm, String buffer) {
        return gemm.stats().activity().stream().filter(a -> a.instance().equals(buffer)).mapToLong(a -> a.action("read")).sum();
    }

    /** The decoder tables the datapaths ship are the formats' constants: the levels rounded to FP16, integers as FP16. */
    @Test
    void theShippedDecoderTablesAreTheFormatsConstants() throws Exception {
        assertArrayEquals(table("nf4"), bits(LevelTableFormat.nf4(64).decoderLevels()));
        assertArrayEquals(table("bnb_fp4"), bits(LevelTableFormat.bnbFp4(64).decoderLevels()));
        for (int b : new int[] {2, 3, 4, 8}) {
            int[] want = new int[1 << b];
            for (int q = 0; q < want.length; q++) {
                want[q] = Fp16.fromDouble(q) & 0xffff;
            }
            assertArrayEquals(want, table("uint" + b), "uint" + b);
        }
        int[] signed = new int[256];
        for (int c = 0; c < 256; c++) {
            signed[c] = Fp16.fromDouble((byte) c) & 0xffff;
        }
        assertArrayEquals(signed, table("int8"));
    }

    private static int[] table(String name) throws Exception {
        return Arrays.stream(Files.readString(Path.of("rtl-models/datapaths/tables/" + name + ".txt")).replaceAll("#[^\n]*", "").trim().split("\\s+"))
                .mapToInt(t -> Integer.decode(t)).toArray();
    }

    private static int[] bits(short[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] & 0xffff;
        }
        return out;
    }

    @Test
    void whatTheDatapathsCannotRunIsRefusedWithTheFix() {
        WeightOnlyFormat nf4 = (WeightOnlyFormat) Formats.parse("nf4", Formats.Options.defaults());
        QuantizedTensor w = nf4.quantize(W, Role.WEIGHT);
        var lanes = assertThrows(BadInputException.class, () -> new CycleGemm(Datapaths.of("nf4"), null, Map.of("LANES", "128"), w, AccumulatorSpec.FP32));
        assertTrue(lanes.getMessage().contains("LANES = 128 must divide the format's group of 64 weights"), lanes.getMessage());
        var plain = assertThrows(BadInputException.class, () -> new CycleGemm(Datapaths.of("fp16"), null, Map.of(), w, AccumulatorSpec.FP32));
        assertTrue(plain.getMessage().contains("need a weight-only datapath"), plain.getMessage());
        WeightOnlyFormat aq = (WeightOnlyFormat) Formats.parse("aq-2x8", Formats.Options.defaults());
        QuantizedTensor codes = aq.quantize(W, Role.WEIGHT);
        var vectors = assertThrows(BadInputException.class, () -> new CycleGemm(Datapaths.of("aq-2x8"), null, Map.of("LANES", "12"), codes, AccumulatorSpec.FP32));
        assertTrue(vectors.getMessage().contains("LANES = 12 must be a multiple of 8: the format stores one code per 8 weights; try --param LANES=8"),
                vectors.getMessage());
        // double-quantized weights on NF4's hardware, which has no buffer for their second-level scales
        WeightOnlyFormat nf4dq = (WeightOnlyFormat) Formats.parse("nf4-dq", Formats.Options.defaults());
        QuantizedTensor dq = nf4dq.quantize(W, Role.WEIGHT);
        var scales = assertThrows(BadInputException.class, () -> new CycleGemm(Datapaths.of("nf4"), null, Map.of(), dq, AccumulatorSpec.FP32));
        assertTrue(scales.getMessage().contains("nf4-dq needs an Sram instance named w_table for its second-level scales"), scales.getMessage());
        var rows = assertThrows(BadInputException.class, () -> new CycleAccelerator(CycleAccelerator.of(nf4), Map.of(), nf4dq, dq,
                AccumulatorSpec.FP32, dev.bdsim.cost.TechLibrary.named("45nm"), 500e6).multiply(X));
        assertTrue(rows.getMessage().contains("the rows of nf4-dq need their table's buffers"), rows.getMessage());
    }
}
