package dev.bdsim.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The finite non-negative values of a sign-magnitude minifloat or a symmetric two's-complement
 * integer element, as integer multiples of a power-of-two unit. Magnitude index {@code k} is the
 * k-th smallest magnitude; for minifloats it is also the code without its sign bit.
 */
public final class ElementGrid {
    private final String name;
    private final int bits;
    private final boolean twosComplement;
    private final int unitExponent;
    private final int mantissaBits;
    private final long[] units;
    private final double[] values;

    private ElementGrid(String name, int bits, boolean twosComplement, int unitExponent, int mantissaBits, long[] units) {
        this.name = name;
        this.mantissaBits = mantissaBits;
        this.bits = bits;
        this.twosComplement = twosComplement;
        this.unitExponent = unitExponent;
        this.units = units;
        this.values = new double[units.length];
        for (int k = 0; k < units.length; k++) {
            values[k] = Math.scalb((double) units[k], unitExponent);
        }
    }

    /** OCP-style minifloat with {@code e} exponent bits, {@code m} mantissa bits, finite values up to {@code maxFinite}. */
    public static ElementGrid minifloat(String name, int e, int m, int bias, double maxFinite) {
        int unitExponent = 1 - bias - m;
        List<Long> mags = new ArrayList<>();
        for (int code = 0; code < (1 << (e + m)); code++) {
            int exp = code >> m;
            long man = code & ((1 << m) - 1);
            long u = exp == 0 ? man : ((1L << m) + man) << (exp - 1);
            if (Math.scalb((double) u, unitExponent) > maxFinite) {
                break;
            }
            mags.add(u);
        }
        return new ElementGrid(name, 1 + e + m, false, unitExponent, m, mags.stream().mapToLong(Long::longValue).toArray());
    }

    /** Symmetric two's-complement integer of {@code bits} bits: magnitudes 0..2^(bits-1)-1 times 2^unitExponent. */
    public static ElementGrid integer(String name, int bits, int unitExponent) {
        long[] mags = new long[1 << (bits - 1)];
        for (int k = 0; k < mags.length; k++) {
            mags[k] = k;
        }
        return new ElementGrid(name, bits, true, unitExponent, 0, mags);
    }

    public String name() {
        return name;
    }

    /** Code width including the sign. */
    public int bits() {
        return bits;
    }

    public boolean twosComplement() {
        return twosComplement;
    }

    /** Power of two of the integer unit: value = units * 2^unitExponent. */
    public int unitExponent() {
        return unitExponent;
    }

    /** Mantissa field bits of a minifloat; 0 for integers. */
    public int mantissaBits() {
        return mantissaBits;
    }

    public int maxIndex() {
        return units.length - 1;
    }

    public double maxValue() {
        return values[units.length - 1];
    }

    public long maxUnits() {
        return units[units.length - 1];
    }

    public double magnitude(int index) {
        return values[index];
    }

    public long magnitudeUnits(int index) {
        return units[index];
    }

    /**
     * Code of the grid value nearest to {@code x / scale} (scale > 0), saturating at the largest
     * magnitude. Ties are decided exactly: {@code |x|} is compared with midpoint * scale, which is
     * exact in double for every scale this project uses (few significant bits).
     */
    public int encode(double x, double scale, Rounding rounding) {
        double a = Math.abs(x);
        int k = floorIndex(a / scale);
        if (k < units.length - 1) {
            double mid = 0.5 * (values[k] + values[k + 1]) * scale;
            int cmp = Double.compare(a, mid);
            if (cmp > 0 || (cmp == 0 && (rounding == Rounding.NEAREST_AWAY || (k & 1) == 1))) {
                k++;
            }
        }
        return codeOf(k, x < 0);
    }

    /** Code of magnitude index {@code k} with the given sign; zero is always encoded positive. */
    public int codeOf(int k, boolean negative) {
        boolean neg = negative && k != 0;
        if (twosComplement) {
            return (neg ? -k : k) & ((1 << bits) - 1);
        }
        return neg ? (1 << (bits - 1)) | k : k;
    }

    /** Signed value of a code in units of 2^unitExponent. */
    public long signedUnits(int code) {
        if (twosComplement) {
            return signExtend(code);
        }
        long u = units[code & ((1 << (bits - 1)) - 1)];
        return (code >> (bits - 1) & 1) != 0 ? -u : u;
    }

    public double decode(int code) {
        return Math.scalb((double) signedUnits(code), unitExponent);
    }

    private int signExtend(int code) {
        return (code << (32 - bits)) >> (32 - bits);
    }

    private int floorIndex(double q) {
        int lo = 0;
        int hi = values.length - 1;
        if (q >= values[hi]) {
            return hi;
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (values[mid] <= q) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public static final ElementGrid E2M1 = minifloat("E2M1", 2, 1, 1, 6.0);
    public static final ElementGrid E2M3 = minifloat("E2M3", 2, 3, 1, 7.5);
    public static final ElementGrid E3M2 = minifloat("E3M2", 3, 2, 3, 28.0);
    public static final ElementGrid E4M3 = minifloat("E4M3", 4, 3, 7, 448.0);
    public static final ElementGrid E5M2 = minifloat("E5M2", 5, 2, 15, 57344.0);
    /** IEEE binary16 without infinities and NaN. */
    public static final ElementGrid E5M10 = minifloat("E5M10", 5, 10, 15, 65504.0);
}
