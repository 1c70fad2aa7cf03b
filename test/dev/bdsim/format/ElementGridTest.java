package dev.bdsim.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ElementGridTest {
    private static double[] magnitudes(ElementGrid g) {
        double[] m = new double[g.maxIndex() + 1];
        for (int k = 0; k < m.length; k++) {
            m[k] = g.magnitude(k);
        }
        return m;
    }

    @Test
    void gridsMatchTheOcpValueSets() {
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 3, 4, 6}, magnitudes(ElementGrid.E2M1));
        assertEquals(32, ElementGrid.E2M3.maxIndex() + 1);
        assertEquals(7.5, ElementGrid.E2M3.maxValue());
        assertEquals(0.125, ElementGrid.E2M3.magnitude(1));
        assertEquals(28.0, ElementGrid.E3M2.maxValue());
        assertEquals(0.0625, ElementGrid.E3M2.magnitude(1));
        assertEquals(448.0, ElementGrid.E4M3.maxValue());
        assertEquals(126, ElementGrid.E4M3.maxIndex()); // S.1111.111 is NaN, not a value
        assertEquals(0x1p-9, ElementGrid.E4M3.magnitude(1));
        assertEquals(57344.0, ElementGrid.E5M2.maxValue());
        assertEquals(123, ElementGrid.E5M2.maxIndex()); // exponent 31 holds Inf/NaN
        assertEquals(0x1p-16, ElementGrid.E5M2.magnitude(1));
    }

    @Test
    void codesFollowTheBitLayout() {
        assertEquals(0b0111, ElementGrid.E2M1.encode(6, 1, Rounding.NEAREST_EVEN));
        assertEquals(0b1111, ElementGrid.E2M1.encode(-6, 1, Rounding.NEAREST_EVEN));
        assertEquals(0x7e, ElementGrid.E4M3.encode(448, 1, Rounding.NEAREST_EVEN));
        assertEquals(0x7b, ElementGrid.E5M2.encode(57344, 1, Rounding.NEAREST_EVEN));
        ElementGrid int4 = ElementGrid.integer("INT4", 4, 0);
        assertEquals(0b1001, int4.encode(-7, 1, Rounding.NEAREST_EVEN));
        assertEquals(-7, int4.signedUnits(0b1001));
    }

    @Test
    void tiesGoToEvenCodeOrAway() {
        ElementGrid g = ElementGrid.E2M1;
        assertEquals(2.0, g.decode(g.encode(2.5, 1, Rounding.NEAREST_EVEN)));   // 2 (code 4) vs 3 (code 5)
        assertEquals(3.0, g.decode(g.encode(2.5, 1, Rounding.NEAREST_AWAY)));
        assertEquals(4.0, g.decode(g.encode(3.5, 1, Rounding.NEAREST_EVEN)));   // 3 (5) vs 4 (6)
        assertEquals(4.0, g.decode(g.encode(5.0, 1, Rounding.NEAREST_EVEN)));   // 4 (6) vs 6 (7)
        assertEquals(6.0, g.decode(g.encode(5.0, 1, Rounding.NEAREST_AWAY)));
        assertEquals(0.0, g.decode(g.encode(0.25, 1, Rounding.NEAREST_EVEN)));
        assertEquals(-6.0, g.decode(g.encode(-100, 1, Rounding.NEAREST_EVEN)));  // saturates
        ElementGrid int8 = ElementGrid.integer("INT8", 8, 0);
        assertEquals(2.0, int8.decode(int8.encode(2.5, 1, Rounding.NEAREST_EVEN)));
        assertEquals(-4.0, int8.decode(int8.encode(-3.5, 1, Rounding.NEAREST_EVEN)));
    }

    @Test
    void tiesAreExactUnderNonPowerOfTwoScales() {
        float st = 1.7f / 2688f;
        double scale = 3.25 * st; // an E4M3 block scale times an FP32 tensor scale
        double tie = 2.5 * scale; // exactly halfway between 2 and 3
        assertEquals(2.0, ElementGrid.E2M1.decode(ElementGrid.E2M1.encode(tie, scale, Rounding.NEAREST_EVEN)));
        assertEquals(3.0, ElementGrid.E2M1.decode(ElementGrid.E2M1.encode(Math.nextUp(tie), scale, Rounding.NEAREST_EVEN)));
    }
}
