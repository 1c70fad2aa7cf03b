package dev.bdsim.format;

import dev.bdsim.BadInputException;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.quant.TwoStageQuantizer;
import dev.bdsim.testutil.Tensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatbookTest {
    @Test
    void standardBookIsFigure4() {
        Formatbook b = Formatbook.standard();
        assertEquals(16, b.dialects());
        assertEquals(4, b.dialectBits());
        for (int p = 0; p < 8; p++) {
            assertEquals(15 - p, b.maxHalfUnits(2 * p));
            assertEquals(15 - p, b.maxHalfUnits(2 * p + 1));
            assertArrayEquals(new int[] {2 * p, 2 * p + 1}, b.groupsByMax()[7 - p]);
        }
        assertEquals(5, b.halfUnits(15, 5));
        assertEquals(4.28125, new DialectFp4Format("d", b, 32, new TwoStageQuantizer(b, ElementEncoding.EXACT), new TwoStageQuantizer(b, ElementEncoding.EXACT)).bitsPerElement());
    }

    @Test
    void nearestTableTiesGoToTheLargerMagnitude() {
        Formatbook b = Formatbook.standard();
        assertEquals(6, b.nearestIndex(0, 17)); // u = 17 is 5 from 2h = 12 and from 2h = 22: the larger wins
        assertEquals(5, b.error(0, 17));
    }

    @Test
    void smallerBooksWorkForTheAblation() {
        Formatbook eight = Formatbook.parse("eight.fbk", String.join("\n",
                "0: 0 1 2 3 4 6 11 15", "1: 0 1 2 3 4 6 9 15", "2: 0 1 2 3 4 6 10 13", "3: 0 1 2 3 4 6 8 13",
                "4: 0 1 2 3 4 6 9 11", "5: 0 1 2 3 4 6 7 11", "6: 0 1 2 3 4 6 7 9", "7: 0 1 2 3 4 5 6 8"));
        assertEquals(3, eight.dialectBits());
        DialectFp4Format f = new DialectFp4Format("d8", eight, 32, new TwoStageQuantizer(eight, ElementEncoding.EXACT), new TwoStageQuantizer(eight, ElementEncoding.EXACT));
        QuantizedTensor q = f.quantize(Tensors.activations(3, 8, 64), Role.ACTIVATION);
        for (int d : q.dialect()) {
            assertTrue(d >= 0 && d < 8);
        }
        assertEquals(4 + 8.0 / 32, f.bitsPerElement());
    }

    @Test
    void errorsNameFileAndLine() {
        String m1 = assertThrows(BadInputException.class, () -> Formatbook.parse("x.fbk", "0: 0 1 2 3 4 6 11 15\n\n2: 0 1 2 3 4 6 9 15"))
                .getMessage();
        assertTrue(m1.startsWith("x.fbk:3: dialect id 2 out of order; expected 1"), m1);
        String m2 = assertThrows(BadInputException.class, () -> Formatbook.parse("x.fbk", "0: 0 1 2 3 4 6 11")).getMessage();
        assertTrue(m2.startsWith("x.fbk:1: dialect 0 has 7 magnitudes"), m2);
        String m3 = assertThrows(BadInputException.class, () -> Formatbook.parse("x.fbk", "0: 0 1 2 3 4 6 11 16")).getMessage();
        assertTrue(m3.contains("out of range 0..15"), m3);
        String m4 = assertThrows(BadInputException.class, () -> Formatbook.parse("x.fbk",
                "0: 0 1 2 3 4 6 11 15\n1: 0 1 2 3 4 6 9 15\n2: 0 1 2 3 4 6 8 15")).getMessage();
        assertTrue(m4.contains("power-of-two"), m4);
        Formatbook three = Formatbook.parse("t.fbk", "0: 0 1 2 3 4 6 11 15\n1: 0 1 2 3 4 6 9 15\n2: 0 1 2 3 4 6 8 15\n3: 0 1 2 3 4 6 10 15");
        String m5 = assertThrows(BadInputException.class, () -> new TwoStageQuantizer(three, ElementEncoding.EXACT)).getMessage();
        assertTrue(m5.contains("exhaustive"), m5);
    }
}
