package dev.bdsim.quant;

import dev.bdsim.BadInputException;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.DialectQuantizer;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.Formatbook;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** The worked examples of specs/dialectfp4.md §7, reproduced exactly. */
public class SpecWorkedExamplesTest {
    static final Formatbook BOOK = Formatbook.standard();

    public static final double[] BLOCK_A = {7.30078125, -5.19921875, 5.0, 4.8984375, 3.099609375, -2.599609375, 1.2001953125,
            0.300048828125, -0.0999755859375, 0.0, 2.19921875, -1.7001953125, 0.7998046875, 0.5498046875, -3.400390625,
            6.1015625, 0.04998779296875, -0.449951171875, 1.0498046875, 2.900390625, -4.3984375, 0.7001953125,
            -0.89990234375, 1.2998046875, 3.69921875, -0.199951171875, 0.1500244140625, 2.44921875, -1.25, 0.60009765625,
            -0.35009765625, 1.900390625};

    static final double[] BLOCK_C = Arrays.copyOf(new double[] {6.0, 6.5, 5.75, 3.75, 2.5, -1.25, 0.25, 0.75}, 32);

    static QuantizedTensor quantize(DialectQuantizer q, double[] block, Role role) {
        DialectFp4Format f = new DialectFp4Format("dialectfp4", BOOK, 32, q, q);
        return f.quantize(Fp16Matrix.fromDoubles("block", 1, 32, block), role);
    }

    public static int[] codes(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void blockAIsExactlyFp16() {
        Fp16Matrix m = Fp16Matrix.fromDoubles("a", 1, 32, BLOCK_A);
        assertArrayEquals(BLOCK_A, m.toDoubles(), 0.0);
    }

    public static final String BLOCK_A_TWO_STAGE = "7 14 6 6 5 13 2 1 0 0 4 11 2 1 13 6 0 9 2 5 14 1 10 3 5 0 0 4 11 1 9 4";
    public static final String BLOCK_A_TWO_STAGE_QUARTER = "7 14 6 6 5 13 3 1 0 0 4 12 2 1 13 6 0 9 2 5 14 2 10 3 5 9 1 5 11 1 9 4";

    @Test
    void blockATwoStageEncodesEachElementOnce() {
        QuantizedTensor q = quantize(new TwoStageQuantizer(BOOK, ElementEncoding.EXACT), BLOCK_A, Role.ACTIVATION);
        assertEquals(0, q.dialect()[0]);
        assertEquals(15, q.scaleField()[0]);
        assertArrayEquals(codes(BLOCK_A_TWO_STAGE), q.codes());
    }

    @Test
    void blockATwoStageWithTheDoubleRoundingAblation() {
        QuantizedTensor q = quantize(new TwoStageQuantizer(BOOK, ElementEncoding.QUARTER), BLOCK_A, Role.ACTIVATION);
        assertEquals(0, q.dialect()[0]);
        assertEquals(15, q.scaleField()[0]);
        assertArrayEquals(codes(BLOCK_A_TWO_STAGE_QUARTER), q.codes());
    }

    @Test
    void blockAExhaustiveDiffersOnlyInElement15() {
        for (ElementEncoding encoding : ElementEncoding.values()) {
            QuantizedTensor q = quantize(new ExhaustiveQuantizer(BOOK, encoding), BLOCK_A, Role.ACTIVATION);
            int[] expected = codes(encoding == ElementEncoding.EXACT ? BLOCK_A_TWO_STAGE : BLOCK_A_TWO_STAGE_QUARTER);
            expected[15] = 7;
            assertEquals(4, q.dialect()[0], encoding.id());
            assertEquals(15, q.scaleField()[0], encoding.id());
            assertArrayEquals(expected, q.codes(), encoding.id());
        }
    }

    @Test
    void theFormatOptionSelectsTheAblation() {
        BlockFormat ablation = Formats.parse("dialectfp4@32:encode=quarter", Formats.Options.defaults());
        assertEquals("dialectfp4@32:encode=quarter", ablation.label());
        assertArrayEquals(codes(BLOCK_A_TWO_STAGE_QUARTER),
                ablation.quantize(Fp16Matrix.fromDoubles("a", 1, 32, BLOCK_A), Role.ACTIVATION).codes());
        BlockFormat standard = Formats.parse("dialectfp4:encode=exact", Formats.Options.defaults());
        assertEquals("dialectfp4@32", standard.label());
        assertArrayEquals(codes(BLOCK_A_TWO_STAGE), standard.quantize(Fp16Matrix.fromDoubles("a", 1, 32, BLOCK_A), Role.ACTIVATION).codes());
        assertEquals("format 'mxfp4:encode=quarter': encode= applies to dialectfp4 and dialectfp4-exh only",
                assertThrows(BadInputException.class, () -> Formats.parse("mxfp4:encode=quarter", Formats.Options.defaults())).getMessage());
        assertEquals("format 'dialectfp4:encode=half': encode=half is not an element encoding; choose from [exact, quarter]",
                assertThrows(BadInputException.class, () -> Formats.parse("dialectfp4:encode=half", Formats.Options.defaults())).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> Formats.parse("dialectfp4:rounding=up", Formats.Options.defaults()))
                .getMessage().contains("'rounding=up' is not a format option"));
    }

    @Test
    void blockAOfflineWeight() {
        QuantizedTensor q = quantize(new OfflineMseQuantizer(BOOK), BLOCK_A, Role.WEIGHT);
        assertEquals(4, q.dialect()[0]);
        assertEquals(15, q.scaleField()[0]);
        assertArrayEquals(codes("7 14 6 6 5 13 2 1 0 0 4 11 2 1 13 7 0 9 2 5 14 1 10 3 5 0 0 4 11 1 9 4"), q.codes());
    }

    @Test
    void blockCTiesTwoStage() {
        for (ElementEncoding encoding : ElementEncoding.values()) {
            QuantizedTensor q = quantize(new TwoStageQuantizer(BOOK, encoding), BLOCK_C, Role.ACTIVATION);
            assertEquals(5, q.dialect()[0]);
            assertEquals(15, q.scaleField()[0]);
            int[] expected = Arrays.copyOf(codes("7 7 7 6 5 11 1 2"), 32);
            assertArrayEquals(expected, q.codes(), encoding.id());
            double[] decoded = Arrays.copyOf(q.decode(), 8);
            assertArrayEquals(new double[] {6.5, 6.5, 6.5, 4.0, 3.0, -1.5, 0.5, 1.0}, decoded, 0.0);
        }
    }

    @Test
    void blockCTiesExhaustiveAndOffline() {
        int[] expected = Arrays.copyOf(codes("7 7 7 6 5 11 1 2"), 32);
        for (DialectQuantizer dq : new DialectQuantizer[] {new ExhaustiveQuantizer(BOOK, ElementEncoding.EXACT),
                new ExhaustiveQuantizer(BOOK, ElementEncoding.QUARTER), new OfflineMseQuantizer(BOOK)}) {
            QuantizedTensor q = quantize(dq, BLOCK_C, Role.WEIGHT);
            assertEquals(7, q.dialect()[0], dq.id());
            assertEquals(15, q.scaleField()[0], dq.id());
            assertArrayEquals(expected, q.codes(), dq.id());
        }
    }

    @Test
    void allZeroBlockIsDialectZeroExponentZero() {
        QuantizedTensor q = quantize(new TwoStageQuantizer(BOOK, ElementEncoding.EXACT), new double[32], Role.ACTIVATION);
        assertEquals(0, q.dialect()[0]);
        assertEquals(0, q.scaleField()[0]);
        assertArrayEquals(new int[32], q.codes());
    }

    @Test
    void negativeZeroEncodesWithSignZero() {
        double[] block = new double[32];
        block[0] = 4.0;
        block[1] = -0.0;
        block[2] = -0.01; // rounds to magnitude 0
        QuantizedTensor q = quantize(new TwoStageQuantizer(BOOK, ElementEncoding.EXACT), block, Role.ACTIVATION);
        assertEquals(0, q.codes()[1]);
        assertEquals(0, q.codes()[2]);
    }
}
