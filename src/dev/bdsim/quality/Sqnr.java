package dev.bdsim.quality;

/** Signal-to-quantization-noise ratio in dB: {@code 10 log10(Σ ref² / Σ (ref - approx)²)}. */
public final class Sqnr {
    private Sqnr() {}

    /** Infinite when the approximation is exact; NaN when the reference is all zero. */
    public static double db(double[] reference, double[] approx) {
        if (reference.length != approx.length) {
            throw new IllegalArgumentException("lengths differ: " + reference.length + " vs " + approx.length);
        }
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = reference[i] - approx[i];
            signal += reference[i] * reference[i];
            noise += d * d;
        }
        if (signal == 0) {
            return Double.NaN;
        }
        return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    }

    /** For tables: two decimals, "exact" when infinite, "-" when undefined. */
    public static String format(double db) {
        if (Double.isNaN(db)) {
            return "-";
        }
        return Double.isInfinite(db) ? "exact" : String.format(java.util.Locale.ROOT, "%.2f", db);
    }
}
