package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * Additive vector quantization in AQLM's layout (Egiazarian et al. 2024, arXiv 2401.06118): each run of 8 weights of a
 * row is the sum of one vector from each of M codebooks of 2^B FP16 vectors, times the row's FP16 scale; 8·M·B / 8 = M·B/8
 * bits per weight for the codes (2 for M = 2, B = 8), plus the scale per row and the codebooks per tensor. The codebooks
 * here are learned offline by residual k-means on the weights themselves and the codes chosen greedily, codebook by
 * codebook: AQLM's beam search and its fine-tuning are not modelled, so this is "additive codebooks by residual k-means in
 * AQLM's layout", not AQLM's quantizer. Decoding: {@code w = fp16(fp16(C_1[i_1] + C_2[i_2]) · s)}, element by element.
 */
public final class AdditiveCodebookFormat extends WeightOnlyFormat {
    public static final int DIMENSION = 8;
    /** Vectors of a tensor its codebooks are learned on, at most (evenly spaced over the tensor). */
    static final int TRAINING_VECTORS = 16_384;
    static final int LLOYD_ITERATIONS = 10;

    private final int books;
    private final int bits;

    public AdditiveCodebookFormat(int books, int bits) {
        if (books < 1 || books > 4 || bits < 1 || bits > 10) {
            throw new IllegalArgumentException("1 to 4 codebooks of 2^1 to 2^10 vectors, got " + books + " x " + bits);
        }
        this.books = books;
        this.bits = bits;
    }

    @Override
    public String id() {
        return "aq-" + books + "x" + bits;
    }

    @Override
    public String displayName() {
        return "additive codebooks " + books + " x 2^" + bits + " of 8 (AQLM layout, residual k-means)";
    }

    @Override
    public int group() {
        return 0;
    }

    /** The codes; the row scale and the codebooks come on top (see {@link StoredWeights#bitsPerWeight}). */
    @Override
    public double bitsPerElement() {
        return (double) books * bits / DIMENSION;
    }

    @Override
    public String codeLayout() {
        return "weights: per 8 weights " + books + " codebook indices of " + bits + " bits (the first in the low bits), per output row an FP16 scale, "
                + "per tensor " + books + " codebooks of " + (1 << bits) + " x 8 FP16; activations FP16";
    }

    private int entries() {
        return 1 << bits;
    }

    @Override
    public StoredWeights encode(Fp16Matrix w) {
        int rows = w.rows();
        int cols = w.cols();
        int padded = paddedCols(cols, 0, DIMENSION);
        int perRow = padded / DIMENSION;
        long[] scales = new long[rows];
        double[] u = new double[rows * padded];
        for (int r = 0; r < rows; r++) {
            double squares = 0;
            for (int c = 0; c < cols; c++) {
                squares += w.value(r, c) * w.value(r, c);
            }
            short s = Fp16.fromDouble(Math.sqrt(squares / cols));
            scales[r] = s & 0xffff;
            double scale = Fp16.toDouble(s);
            for (int c = 0; c < cols; c++) {
                u[r * padded + c] = scale == 0 ? 0 : w.value(r, c) / scale;
            }
        }
        int vectors = rows * perRow;
        short[] table = learn(u, vectors);
        double[] values = values(table);
        int[] codes = new int[vectors];
        double[] residual = new double[DIMENSION];
        for (int v = 0; v < vectors; v++) {
            System.arraycopy(u, v * DIMENSION, residual, 0, DIMENSION);
            int code = 0;
            for (int m = 0; m < books; m++) {
                int i = nearest(values, m, residual, 0);
                code |= i << (bits * m);
                for (int j = 0; j < DIMENSION; j++) {
                    residual[j] -= values[entry(m, i) + j];
                }
            }
            codes[v] = code;
        }
        return new StoredWeights(rows, cols, padded, books * bits, DIMENSION, codes, padded, 16, scales, table, 0);
    }

    private int entry(int book, int index) {
        return (book * entries() + index) * DIMENSION;
    }

    /** Index of the vector of codebook {@code book} nearest {@code x[at..at+8)} in squared distance; ties to the lower index. */
    private int nearest(double[] values, int book, double[] x, int at) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < entries(); i++) {
            int e = entry(book, i);
            double d = 0;
            for (int j = 0; j < DIMENSION; j++) {
                double diff = x[at + j] - values[e + j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    /** Residual k-means: codebook 1 on the training vectors, codebook 2 on what codebook 1 leaves, and so on; FP16 entries. */
    private short[] learn(double[] u, int vectors) {
        int n = Math.min(vectors, TRAINING_VECTORS);
        double[] train = new double[n * DIMENSION];
        for (int t = 0; t < n; t++) {
            int v = (int) ((long) t * vectors / n);
            System.arraycopy(u, v * DIMENSION, train, t * DIMENSION, DIMENSION);
        }
        short[] table = new short[books * entries() * DIMENSION];
        double[] centroids = new double[entries() * DIMENSION];
        double[] sums = new double[entries() * DIMENSION];
        int[] counts = new int[entries()];
        int[] assigned = new int[n];
        for (int m = 0; m < books; m++) {
            for (int i = 0; i < entries(); i++) {
                System.arraycopy(train, (int) ((long) i * n / entries()) % n * DIMENSION, centroids, i * DIMENSION, DIMENSION);
            }
            for (int it = 0; it < LLOYD_ITERATIONS; it++) {
                java.util.Arrays.fill(sums, 0);
                java.util.Arrays.fill(counts, 0);
                for (int t = 0; t < n; t++) {
                    int c = nearestCentroid(centroids, train, t * DIMENSION);
                    assigned[t] = c;
                    counts[c]++;
                    for (int j = 0; j < DIMENSION; j++) {
                        sums[c * DIMENSION + j] += train[t * DIMENSION + j];
                    }
                }
                for (int i = 0; i < entries(); i++) {
                    if (counts[i] > 0) {
                        for (int j = 0; j < DIMENSION; j++) {
                            centroids[i * DIMENSION + j] = sums[i * DIMENSION + j] / counts[i];
                        }
                    }
                }
            }
            for (int i = 0; i < entries() * DIMENSION; i++) {
                table[m * entries() * DIMENSION + i] = Fp16.fromDouble(centroids[i]);
            }
            double[] values = values(table);
            for (int t = 0; t < n; t++) {
                int i = nearest(values, m, train, t * DIMENSION);
                for (int j = 0; j < DIMENSION; j++) {
                    train[t * DIMENSION + j] -= values[entry(m, i) + j];
                }
            }
        }
        return table;
    }

    private static double[] values(short[] table) {
        double[] values = new double[table.length];
        for (int i = 0; i < table.length; i++) {
            values[i] = Fp16.toDouble(table[i]);
        }
        return values;
    }

    private int nearestCentroid(double[] centroids, double[] x, int at) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < entries(); i++) {
            double d = 0;
            for (int j = 0; j < DIMENSION; j++) {
                double diff = x[at + j] - centroids[i * DIMENSION + j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    @Override
    public short decode(StoredWeights w, int row, int col) {
        int code = w.code(row, col / DIMENSION);
        int j = col % DIMENSION;
        short[] table = w.table();
        short sum = table[entry(0, code & (entries() - 1)) + j];
        for (int m = 1; m < books; m++) {
            sum = Fp16.add(sum, table[entry(m, (code >>> (bits * m)) & (entries() - 1)) + j]);
        }
        return Fp16.mul(sum, (short) w.word(row, col));
    }
}
