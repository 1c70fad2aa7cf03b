package dev.bdsim.fp16;

/**
 * IEEE 754 binary16 helpers. Every trace value is rounded to FP16 before quantization
 * (round to nearest, ties to even; magnitudes above 65504 saturate to ±65504).
 */
public final class Fp16 {
    public static final double MAX = 65504.0;
    /** Exponent of the unit in which every FP16 magnitude is an integer (the smallest subnormal). */
    public static final int UNIT_EXPONENT = -24;

    private Fp16() {}

    /** Rounds a finite value to FP16 bits, saturating magnitudes above 65504. */
    public static short fromDouble(double x) {
        int sign = (Double.doubleToRawLongBits(x) < 0) ? 0x8000 : 0;
        double a = Math.abs(x);
        if (a >= MAX) {
            return (short) (sign | 0x7bff);
        }
        int bits;
        if (a < 0x1p-14) {
            bits = (int) Math.rint(a * 0x1p24); // 1024 rolls over into the smallest normal
        } else {
            int e = Math.getExponent(a);
            int mant = (int) Math.rint(Math.scalb(a, 10 - e));
            if (mant == 2048) {
                mant = 1024;
                e++;
            }
            if (e > 15) {
                return (short) (sign | 0x7bff);
            }
            bits = ((e + 15) << 10) | (mant - 1024);
        }
        return (short) (sign | bits);
    }

    /** True when {@link #fromDouble} would saturate this value. */
    public static boolean saturates(double x) {
        return Math.abs(x) > MAX;
    }

    public static double toDouble(short h) {
        int bits = h & 0xffff;
        int exp = (bits >> 10) & 0x1f;
        int mant = bits & 0x3ff;
        double mag;
        if (exp == 0) {
            mag = Math.scalb((double) mant, -24);
        } else if (exp == 31) {
            mag = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            mag = Math.scalb((double) (1024 | mant), exp - 25);
        }
        return (bits & 0x8000) != 0 ? -mag : mag;
    }

    public static boolean isFinite(short h) {
        return ((h >> 10) & 0x1f) != 0x1f;
    }

    /** Magnitude as an integer number of 2^-24 units (exact; at most 65504 * 2^24 < 2^40). */
    public static long magnitudeUnits(short h) {
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        return exp == 0 ? mant : ((long) (1024 | mant)) << (exp - 1);
    }

    public static boolean isNegative(short h) {
        return (h & 0x8000) != 0;
    }

    /** floor(log2(|h|)) for a non-zero finite value, exact also for subnormals. */
    public static int floorLog2(short h) {
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            return (31 - Integer.numberOfLeadingZeros(mant)) - 24;
        }
        return exp - 15;
    }

    /**
     * {@code a + b} rounded once to FP16 (nearest even, saturating at ±65504): the sum of two FP16 values is exact in
     * binary64, so one rounding follows. Every bit pattern is a finite value here, the top exponent field an ordinary
     * binade (as {@link #magnitudeUnits} reads it): a datapath never carries an infinity. A zero sum is +0 unless both
     * operands are -0.
     */
    public static short add(short a, short b) {
        long sum = signedUnits(a) + signedUnits(b);
        if (sum == 0) {
            return (short) (isNegative(a) && isNegative(b) ? 0x8000 : 0);
        }
        return fromDouble(Math.scalb((double) sum, UNIT_EXPONENT));
    }

    /** {@code a · b} rounded once to FP16 (nearest even, saturating at ±65504; bit patterns read as {@link #add} reads them). */
    public static short mul(short a, short b) {
        double product = Math.scalb((double) significand(a) * significand(b), Math.max(exponentField(a), 1) + Math.max(exponentField(b), 1) - 50);
        short magnitude = fromDouble(product);
        return (short) ((magnitude & 0x7fff) | ((a ^ b) & 0x8000));
    }

    /** The value in 2^-24 units, signed; every bit pattern finite (see {@link #add}). */
    public static long signedUnits(short h) {
        long m = magnitudeUnits(h);
        return isNegative(h) ? -m : m;
    }

    private static int exponentField(short h) {
        return (h >> 10) & 0x1f;
    }

    private static long significand(short h) {
        int mant = h & 0x3ff;
        return exponentField(h) == 0 ? mant : 1024 | mant;
    }
}
