package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block integers' scale from the significand compare is the smallest power of two that holds the maximum, for every FP16 value. */
class IntBlockScaleTest {
    @Test
    void theSmallestPowerOfTwoWhoseLargestIntegerReachesTheBlockMaximum() {
        for (int bits = 2; bits <= 8; bits++) {
            long qmax = (1L << (bits - 1)) - 1;
            for (int amax = 1; amax < 0x7c00; amax++) {
                double a = Fp16.toDouble((short) amax);
                int e = IntBlockFormat.scaleField(amax, bits) - 127;
                int b = bits;
                int h = amax;
                assertTrue(Math.scalb((double) qmax, e) >= a && Math.scalb((double) qmax, e - 1) < a,
                        () -> "INT" + b + ", amax 0x" + Integer.toHexString(h) + " = " + a + ": e = " + e);
            }
            assertEquals(127, IntBlockFormat.scaleField(0, bits));
        }
    }
}
