package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * Asymmetric b-bit integers with a scale and a zero point per group, both FP16, decoded as HQQ's FP16 arithmetic does:
 * {@code w = fp16(fp16(q - z) · s)}. The scale is the group's range over {@code 2^b - 1}; the zero point is {@code -min/s}
 * (min/max, the baseline) or HQQ's: Badri and Shaji, "Half-Quadratic Quantization of Large Machine Learning Models"
 * (2023), whose solver keeps the scale and moves the zero point by half-quadratic splitting with an l_p (p = 0.7) error,
 * 20 iterations, beta = 10 growing by 1.01 (the defaults of its {@code optimize_weights_proximal}), calibration-free.
 */
public final class AsymmetricIntFormat extends WeightOnlyFormat {
    static final double LP_NORM = 0.7;
    static final double BETA = 10;
    static final double KAPPA = 1.01;
    static final int ITERATIONS = 20;

    private final int bits;
    private final int group;
    private final boolean optimised;

    public AsymmetricIntFormat(int bits, int group, boolean optimised) {
        Blocks.checkBlockSize(group);
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("asymmetric integers of 2 to 8 bits, got " + bits);
        }
        this.bits = bits;
        this.group = group;
        this.optimised = optimised;
    }

    @Override
    public String id() {
        return (optimised ? "hqq-int" : "minmax-int") + bits;
    }

    @Override
    public String displayName() {
        return "INT" + bits + " asymmetric, " + (optimised ? "HQQ zero point" : "min/max");
    }

    @Override
    public int group() {
        return group;
    }

    @Override
    public double bitsPerElement() {
        return bits + 32.0 / group;
    }

    @Override
    public String codeLayout() {
        return "weights: a " + bits + "-bit unsigned code per weight, per " + group + " weights an FP16 scale and an FP16 zero point; activations FP16";
    }

    private int top() {
        return (1 << bits) - 1;
    }

    @Override
    public StoredWeights encode(Fp16Matrix w) {
        int rows = w.rows();
        int cols = w.cols();
        int padded = paddedCols(cols, group, 1);
        int groups = padded / group;
        int[] codes = new int[rows * padded];
        long[] words = new long[rows * groups];
        double[] x = new double[group];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groups; g++) {
                int n = group; // the padding's zero weights are the group's too
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    int c = g * group + i;
                    x[i] = c < cols ? w.value(r, c) : 0;
                    lo = Math.min(lo, x[i]);
                    hi = Math.max(hi, x[i]);
                }
                short s = Fp16.fromDouble((hi - lo) / top());
                if (Fp16.magnitudeUnits(s) == 0) {
                    s = Fp16.fromDouble(Math.max(Math.abs(lo), Math.abs(hi)));
                    if (Fp16.magnitudeUnits(s) == 0) {
                        s = Fp16.fromDouble(1);
                    }
                }
                short z = Fp16.fromDouble(-lo / Fp16.toDouble(s));
                if (optimised) {
                    z = optimisedZero(x, n, s, z);
                }
                words[r * groups + g] = (s & 0xffffL) << 16 | (z & 0xffff);
                for (int i = 0; i < group; i++) {
                    codes[r * padded + g * group + i] = code(x[i], s, z);
                }
            }
        }
        return new StoredWeights(rows, cols, padded, bits, 1, codes, group, 32, words, new short[0], 0);
    }

    /** {@code clamp(round(x / s + z), 0, 2^b - 1)}, rounding half to even. */
    int code(double x, short s, short z) {
        double q = Math.rint(x / Fp16.toDouble(s) + Fp16.toDouble(z));
        return (int) Math.max(0, Math.min(top(), q));
    }

    static short dequantize(int q, short s, short z) {
        return Fp16.mul(Fp16.add(integer(q), (short) (z ^ 0x8000)), s);
    }

    /**
     * HQQ's solver on one group: the zero point that the split error term pulls to, iteration by iteration; as HQQ, it stops
     * when the mean absolute error of the reconstruction stops falling. Of the zero points it visits (the min/max one
     * first), each rounded to FP16, the one whose decoded group has the smallest mean absolute error is kept.
     */
    private short optimisedZero(double[] x, int n, short s, short start) {
        double scale = Fp16.toDouble(s);
        double zero = Fp16.toDouble(start);
        double beta = BETA;
        short best = start;
        double bestError = decodedError(x, n, s, start);
        double lastError = Double.POSITIVE_INFINITY;
        for (int it = 0; it < ITERATIONS; it++) {
            double sum = 0;
            double error = 0;
            for (int i = 0; i < n; i++) {
                double q = Math.max(0, Math.min(top(), Math.rint(x[i] / scale + zero)));
                double reconstructed = (q - zero) * scale;
                double e = x[i] - reconstructed;
                double a = Math.abs(e);
                double shrunk = Math.signum(e) * Math.max(0, a - Math.pow(a, LP_NORM - 1) / beta);
                sum += q - (x[i] - shrunk) / scale;
                error += a;
            }
            error /= n;
            if (error >= lastError) {
                break;
            }
            lastError = error;
            zero = sum / n;
            beta *= KAPPA;
            short candidate = Fp16.fromDouble(zero);
            double e = decodedError(x, n, s, candidate);
            if (e < bestError) {
                bestError = e;
                best = candidate;
            }
        }
        return best;
    }

    private double decodedError(double[] x, int n, short s, short z) {
        double error = 0;
        for (int i = 0; i < n; i++) {
            error += Math.abs(x[i] - Fp16.toDouble(dequantize(code(x[i], s, z), s, z)));
        }
        return error / n;
    }

    @Override
    public short decode(StoredWeights w, int row, int col) {
        long word = w.word(row, col);
        return dequantize(w.code(row, col), (short) (word >>> 16), (short) word);
    }
}
