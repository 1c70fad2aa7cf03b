package dev.bdsim.arith;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;

class ExactScaleTest {
    @Test
    void exactScaleRoundsOnceAlsoForWideIntegers() {
        long p = (1L << 60) + (1L << 36) + 1; // FP32 ulp at 2^60 is 2^37: just above a tie, must round up
        assertEquals(Math.scalb((float) ((1L << 23) + 1), 37), ExactScale.toFloat(p, 0));
        long tie = (1L << 60) + (1L << 36);   // exact tie: to even (down)
        assertEquals(Math.scalb(1f, 60), ExactScale.toFloat(tie, 0));
        BigInteger wide = BigInteger.ONE.shiftLeft(100).add(BigInteger.ONE.shiftLeft(76)).add(BigInteger.ONE);
        assertEquals(Math.scalb((float) ((1L << 23) + 1), 77), ExactScale.toFloat(wide, 0));
        assertEquals(Float.MIN_VALUE, ExactScale.toFloat(3, -151)); // 0.75 * 2^-149: one subnormal rounding
    }
}
