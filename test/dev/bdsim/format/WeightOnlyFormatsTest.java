package dev.bdsim.format;

import dev.bdsim.BadInputException;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.model.MiniLm;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.quant.Formats;
import dev.bdsim.testutil.Tensors;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight-only formats' rules (rtl-models/specs/weight-only.md) by hand-derived cases, published tables and properties. */
class WeightOnlyFormatsTest {
    static Stream<String> formats() {
        return Formats.WEIGHT_ONLY.stream();
    }

    static WeightOnlyFormat format(String id) {
        return (WeightOnlyFormat) Formats.parse(id, Formats.Options.defaults());
    }

    static Fp16Matrix row(double... values) {
        return Fp16Matrix.fromDoubles("w", 1, values.length, values);
    }

    /**
     * NF4's levels from their definition (QLoRA, Dettmers et al. 2023, appendix E; bitsandbytes' create_normal_map with
     * offset 0.9677083): 8 positive quantiles of N(0, 1) at linspace(offset, 0.5, 9) without its last point, 7 negative
     * ones at linspace(offset, 0.5, 8), zero, all over the largest. The published table is float32 values of these.
     */
    @Test
    void nf4LevelsAreTheNormalQuantilesQLoRADefines() {
        NormalDistribution n = new NormalDistribution();
        double offset = 0.9677083;
        double[] v = new double[16];
        for (int i = 0; i < 8; i++) {
            v[8 + i] = n.inverseCumulativeProbability(offset + (0.5 - offset) * i / 8);
        }
        for (int i = 0; i < 7; i++) {
            v[i] = -n.inverseCumulativeProbability(offset + (0.5 - offset) * i / 7);
        }
        v[7] = 0;
        Arrays.sort(v);
        double max = v[15];
        for (int i = 0; i < 16; i++) {
            assertEquals(v[i] / max, LevelTableFormat.NF4_LEVELS[i], 2e-7, "level " + i);
        }
    }

    @Test
    void nf4EncodesTheNearestLevelOfTheAbsmaxScaledWeightAndDecodesOnceRoundedToFp16() {
        WeightOnlyFormat f = format("nf4");
        double[] w = new double[64];
        w[0] = 2.0;    // the absmax: 2 / 2 = 1, code 15
        w[1] = -1.0;   // -0.5: nearest -0.5250730514526367 (code 2), not -0.39491748809814453
        w[2] = 0.5;    // 0.25: nearest 0.24611230194568634 (code 10)
        w[3] = -2.0;   // -1, code 0
        w[4] = 0.1;    // 0.05: between 0 (code 7) and 0.07958 (code 8), nearer 0.07958
        StoredWeights s = f.encode(row(w));
        assertEquals(0x4000, s.groupWords()[0], "the absmax 2.0 as FP16");
        assertEquals(List.of(15, 2, 10, 0, 8, 7), Arrays.stream(s.codes()).limit(6).boxed().toList());
        assertEquals(Fp16.fromDouble(2 * Fp16.toDouble(Fp16.fromDouble(-0.5250730514526367))), f.decode(s, 0, 1));
        assertEquals(0x4000, f.decode(s, 0, 0));
        assertEquals((short) 0xc000, f.decode(s, 0, 3));
        assertEquals(4.25, f.bitsPerElement());
        assertEquals(4.25, s.bitsPerWeight());
    }

    @Test
    void nf4DoubleQuantizedAbsmaxIsAnEightBitMultipleOfAScaleSharedBy256Groups() {
        WeightOnlyFormat f = format("nf4-dq");
        double[] w = new double[3 * 64];
        w[0] = 255.0;   // group 0's absmax: the second-level scale is 255 / 255 = 1
        w[64] = 3.3;    // group 1: ceil(3.3 / 1) = 4, so its absmax decodes to 4
        w[65] = -2.0;   // -2 / 4 = -0.5: code 2
        StoredWeights s = f.encode(row(w));
        assertEquals(1, s.table().length);
        assertEquals(0x3c00, s.table()[0]);
        assertEquals(255, s.groupWords()[0]);
        assertEquals(4, s.groupWords()[1]);
        assertEquals(0, s.groupWords()[2], "an all-zero group");
        assertEquals(Fp16.fromDouble(4 * Fp16.toDouble(Fp16.fromDouble(-0.5250730514526367))), f.decode(s, 0, 65));
        assertEquals(0, f.decode(s, 0, 130));
        assertEquals(4 + 8.0 / 64 + 16.0 / (64 * 256), f.bitsPerElement(), 1e-12);
    }

    @Test
    void bnbFp4HasASignBitAndBitsandbytesLevels() {
        WeightOnlyFormat f = format("bnb-fp4");
        double[] w = new double[64];
        w[0] = 12;      // absmax: 1, code 3
        w[1] = -4;      // -1/3: code 12
        w[2] = 1;       // 1/12: 0.078 from 1/192 (code 1), 0.083 from 1/6 (code 6)
        w[3] = 0.03125; // 1/384 between 0 and 1/192: a tie, to the smaller magnitude, code 0
        StoredWeights s = f.encode(row(w));
        assertEquals(List.of(3, 12, 1, 0), Arrays.stream(s.codes()).limit(4).boxed().toList());
        assertEquals(Fp16.fromDouble(-4), f.decode(s, 0, 1));
    }

    @Test
    void minMaxAsymmetricIntegersDecodeAsHqqsFp16Arithmetic() {
        WeightOnlyFormat f = format("minmax-int4");
        double[] w = new double[64];
        for (int i = 0; i < 64; i++) {
            w[i] = -1 + 2.5 * i / 63;  // min -1, max 1.5: s = 2.5 / 15, z = 1 / s = 6
        }
        StoredWeights s = f.encode(row(w));
        short scale = Fp16.fromDouble(2.5 / 15);
        short zero = Fp16.fromDouble(1 / Fp16.toDouble(scale));
        assertEquals((scale & 0xffffL) << 16 | (zero & 0xffff), s.groupWords()[0]);
        assertEquals(0, s.codes()[0]);
        assertEquals(15, s.codes()[63]);
        // (0 - z) then times s, each rounded to FP16
        assertEquals(Fp16.mul(Fp16.add((short) 0, (short) (zero ^ 0x8000)), scale), f.decode(s, 0, 0));
        assertEquals(4 + 32.0 / 64, f.bitsPerElement());
    }

    @Test
    void channelInt8HasOneScalePerOutputRow() {
        WeightOnlyFormat f = format("int8-channel");
        Fp16Matrix w = Fp16Matrix.fromDoubles("w", 2, 3, new double[] {127, -63.5, 1, 0.5, 0.25, -0.125});
        StoredWeights s = f.encode(w);
        assertEquals(0x3c00, s.groupWords()[0], "127 / 127");
        assertEquals(Fp16.fromDouble(0.5 / 127), (short) s.groupWords()[1]);
        assertEquals(List.of(127, (byte) -64 & 0xff, 1), Arrays.stream(s.codes()).limit(3).boxed().toList(), "-63.5 is a tie: to even -64");
        assertEquals(Fp16.fromDouble(-64), f.decode(s, 0, 1));
    }

    @Test
    void additiveCodebooksSumOneVectorPerCodebookTimesTheRowScale() {
        WeightOnlyFormat f = format("aq-2x8");
        Fp16Matrix w = Tensors.activations(3, 64, 64);
        StoredWeights s = f.encode(w);
        assertEquals(2 * 256 * 8, s.table().length);
        assertEquals(64 * 8, s.codes().length);
        assertEquals(2.0, f.bitsPerElement());
        assertEquals(2.0 + 16.0 / 64 + 2 * 256 * 8 * 16.0 / (64 * 64), s.bitsPerWeight(), 1e-12);
        int code = s.code(5, 2);
        short first = s.table()[(code & 255) * 8 + 3];
        short second = s.table()[(256 + (code >>> 8)) * 8 + 3];
        assertEquals(Fp16.mul(Fp16.add(first, second), (short) s.word(5, 19)), f.decode(s, 5, 19));
        assertTrue(Sqnr.db(w.toDoubles(), f.quantize(w, Role.WEIGHT).decode()) > 3, "the codebooks fit the weights");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void activationsPassUnchangedAndWeightsDecodeToFp16(String id) {
        WeightOnlyFormat f = format(id);
        Fp16Matrix x = Tensors.activations(7, 5, 200);
        assertArrayEquals(x.toDoubles(), f.quantize(x, Role.ACTIVATION).decode(), 0.0);
        QuantizedTensor q = f.quantize(x, Role.WEIGHT);
        assertNotNull(q.stored());
        double[] values = q.decode();
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], Fp16.toDouble(Fp16.fromDouble(values[i])), id + " element " + i);
        }
        assertTrue(Sqnr.db(x.toDoubles(), values) > (id.endsWith("int2") ? 0 : 3), id);
    }

    /** Formats whose decoded weights encode to themselves: the absmax element decodes to itself, so the scale stays. */
    @ParameterizedTest
    @ValueSource(strings = {"nf4", "bnb-fp4", "int8-channel"})
    void quantizingDecodedWeightsGivesTheSameWeights(String id) {
        WeightOnlyFormat f = format(id);
        Fp16Matrix w = Tensors.activations(9, 6, 192);
        QuantizedTensor q = f.quantize(w, Role.WEIGHT);
        Fp16Matrix decoded = Fp16Matrix.fromDoubles("decoded", w.rows(), w.cols(), q.decode());
        QuantizedTensor again = f.quantize(decoded, Role.WEIGHT);
        assertArrayEquals(q.decode(), again.decode(), 0.0, id);
        assertArrayEquals(q.stored().codes(), again.stored().codes(), id);
    }

    @Test
    void representableWeightsRoundTrip() {
        short[] levels = LevelTableFormat.nf4(64).decoderLevels();
        double[] w = new double[64];
        for (int i = 0; i < 64; i++) {
            w[i] = Fp16.toDouble(levels[i % 16]) * 8; // a = 8: a power of two, so every level times it is exact
        }
        assertArrayEquals(w, format("nf4").quantize(row(w), Role.WEIGHT).decode(), 0.0);
        double[] v = new double[40];
        for (int i = 0; i < 40; i++) {
            v[i] = (i * 13 % 255 - 127) / 32.0; // codes -127..127 times 2^-5, with 127 among them
        }
        v[0] = 127 / 32.0;
        assertArrayEquals(v, format("int8-channel").quantize(row(v), Role.WEIGHT).decode(), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nf4", "nf4-dq", "bnb-fp4", "hqq-int4", "minmax-int3", "int8-channel"})
    void zeroColumnsPaddingAGroupChangeNothing(String id) {
        WeightOnlyFormat f = format(id);
        int k = 70;
        Fp16Matrix w = Tensors.activations(12, 6, k);
        short[] bits = new short[6 * 128];
        for (int r = 0; r < 6; r++) {
            System.arraycopy(w.rawBits(), r * k, bits, r * 128, k);
        }
        QuantizedTensor q = f.quantize(w, Role.WEIGHT);
        QuantizedTensor qp = f.quantize(new Fp16Matrix("padded", 6, 128, bits, 0), Role.WEIGHT);
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < k; c++) {
                assertEquals(q.value(r, c), qp.value(r, c), id + " (" + r + ", " + c + ")");
            }
        }
    }

    /** HQQ's zero points against min/max ones, on every linear layer of the shipped model, for 4, 3 and 2 bits. */
    @Test
    void hqqReducesTheWeightErrorAgainstMinMaxOnEveryShippedWeightTensor() {
        MiniLm model = MiniLm.load();
        for (MiniLm.Linear linear : model.linears()) {
            Fp16Matrix w = model.weightOf(linear.name());
            double[] exact = w.toDoubles();
            for (int bits = 2; bits <= 4; bits++) {
                double[] hqq = format("hqq-int" + bits).quantize(w, Role.WEIGHT).decode();
                double[] minMax = format("minmax-int" + bits).quantize(w, Role.WEIGHT).decode();
                String where = linear.name() + " at " + bits + " bits";
                assertTrue(meanAbsoluteError(exact, hqq) < meanAbsoluteError(exact, minMax), where + ": mean absolute error");
                assertTrue(Sqnr.db(exact, hqq) > Sqnr.db(exact, minMax), where + ": SQNR");
            }
        }
    }

    static double meanAbsoluteError(double[] exact, double[] q) {
        double e = 0;
        for (int i = 0; i < exact.length; i++) {
            e += Math.abs(exact[i] - q[i]);
        }
        return e / exact.length;
    }

    @Test
    void badFormatNamesSayWhatIsAccepted() {
        Formats.Options o = Formats.Options.defaults();
        assertEquals("format 'int8-channel@64': int8-channel has one scale per output row, not groups; drop the '@64'",
                assertThrows(BadInputException.class, () -> Formats.parse("int8-channel@64", o)).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> Formats.parse("aq-5x8", o)).getMessage().contains("1 to 4 codebooks"));
        assertTrue(assertThrows(BadInputException.class, () -> Formats.parse("nf5", o)).getMessage().contains("weight-only nf4, nf4-dq"));
        assertEquals("nf4@128", Formats.parse("nf4@128", o).label());
        assertEquals("aq-1x8", Formats.parse("aq-1x8", o).label());
    }
}
