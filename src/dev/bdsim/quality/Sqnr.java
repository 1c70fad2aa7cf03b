package dev.bdsim.quality;

/** Signal-to-quantization-noise ratio in dB: {@code 10 log10(Σ ref² / Σ (ref - approx)²)}. */
public final class Sqnr {
    private Sqnr() {}

    /** Infinite when the approximation is exact; NaN when the reference is all zero. */
    public static double db(double[] reference, double[] approx) {
        if (reference.length != approx.length) {
            throw new IllegalArgumentException("lengths differ: " + reference.length + " vs " + approx.length);
        }
        Running r = new Running();
        r.add(reference, approx);
        return r.db();
    }

    /** Signal and noise power summed over parts of a result that arrive one after the other. */
    public static final class Running {
        private double signal;
        private double noise;

        public void add(double[] reference, double[] approx) {
            add(reference, i -> approx[i]);
        }

        public void add(double[] reference, float[] approx) {
            add(reference, i -> approx[i]);
        }

        private void add(double[] reference, java.util.function.IntToDoubleFunction approx) {
            for (int i = 0; i < reference.length; i++) {
                double d = reference[i] - approx.applyAsDouble(i);
                signal += reference[i] * reference[i];
                noise += d * d;
            }
        }

        /** Infinite when the approximation is exact; NaN when the reference is all zero. */
        public double db() {
            if (signal == 0) {
                return Double.NaN;
            }
            return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        }
    }

    /** For tables: two decimals, "exact" when infinite, "-" when undefined. */
    public static String format(double db) {
        if (Double.isNaN(db)) {
            return "-";
        }
        return Double.isInfinite(db) ? "exact" : String.format(java.util.Locale.ROOT, "%.2f", db);
    }
}
