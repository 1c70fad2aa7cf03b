package dev.bdsim.arith;

import java.math.BigInteger;

/**
 * Converts an exact integer times a power of two to FP32 with a single round-to-nearest-even.
 * Integers wider than 53 bits are first narrowed to 53 bits with a sticky bit, which cannot change
 * a rounding to FP32's 24 bits; the double is then exact and the cast is the only rounding.
 */
final class ExactScale {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ExactScale() {}

    static float toFloat(long p, int exponent) {
        if (Math.abs(p) < (1L << 53)) {
            return (float) Math.scalb((double) p, exponent);
        }
        long mag = Math.abs(p); // p == Long.MIN_VALUE stays negative; handled as a wide value
        if (mag < 0) {
            return toFloat(BigInteger.valueOf(p), exponent);
        }
        int shift = 64 - Long.numberOfLeadingZeros(mag) - 53;
        long sticky = (mag & ((1L << shift) - 1)) != 0 ? 1 : 0;
        double narrowed = (double) ((mag >>> shift) | sticky);
        return (float) Math.scalb(p < 0 ? -narrowed : narrowed, exponent + shift);
    }

    static float toFloat(BigInteger p, int exponent) {
        if (p.compareTo(LONG_MIN) > 0 && p.compareTo(LONG_MAX) <= 0) {
            return toFloat(p.longValue(), exponent);
        }
        BigInteger mag = p.abs();
        int shift = mag.bitLength() - 53;
        long sticky = mag.getLowestSetBit() < shift ? 1 : 0;
        double narrowed = (double) (mag.shiftRight(shift).longValue() | sticky);
        return (float) Math.scalb(p.signum() < 0 ? -narrowed : narrowed, exponent + shift);
    }
}
