package dev.bdsim.format;

/**
 * The online quantizers' first step: the 5-bit intermediate magnitude in quarter-units,
 * {@code u = min(31, floor(|x| / 2^s * 4 + 0.5))}, computed exactly from the FP16 magnitude
 * {@code n * 2^-24}: with {@code g = 24 + s = ebits + 9 >= 9}, {@code u = (4n + 2^(g-1)) >> g}.
 */
public final class OnlineScaling {
    private OnlineScaling() {}

    /** The quarter-unit value of one FP16 magnitude of {@code n * 2^-24} in a block with exponent field {@code ebits}. */
    public static int quarterUnit(long n, int ebits) {
        int g = ebits + 9;
        return (int) Math.min(31, (4 * n + (1L << (g - 1))) >> g);
    }

    /**
     * The truncated quarter units {@code t = min(31, floor(|x| / 2^s * 4)) = (4n) >> g}: compared with a dialect's
     * midpoints (whole quarter units) it gives the nearest magnitude of the exact scaled value (spec §4 step 4).
     */
    public static int truncatedQuarterUnit(long n, int ebits) {
        return (int) Math.min(31, (4 * n) >> (ebits + 9));
    }

    public static int[] quarterUnits(long[] magnitudes, int ebits) {
        int[] u = new int[magnitudes.length];
        for (int i = 0; i < magnitudes.length; i++) {
            u[i] = quarterUnit(magnitudes[i], ebits);
        }
        return u;
    }
}
