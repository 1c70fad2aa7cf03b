package dev.bdsim.gemm;

import dev.bdsim.arith.Accumulator;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.QuantizedTensor;

/**
 * The functional GEMM with its block sums vectorised, for block formats whose block sums are integers below 2^24, which
 * FP32 holds exactly, so they can be summed in FP32 in any order. Weights are transposed so that the inner loop runs
 * over output rows with unit stride: multiply-adds the JIT turns into vector instructions. The loops are tiled so a
 * tile's weights stay in cache while every activation row of a tile passes them. Each output then adds its block values
 * in K order, as the spec fixes, so the result has the bits of {@link ReferenceGemm#general}:
 * <ul>
 *   <li>FP32 accumulation, when every block value is exact in FP32 ({@link #fp32Exact}: the block sum times both block
 *   multipliers below 2^24 and every block exponent, and every pair's sum, in the range where that integer times the
 *   power of two is an FP32 number without rounding): {@code (float) p * (xm·2^xe) * (wm·2^we)} is the exact block
 *   value, added with the FP32 sum's one rounding, vectorised too;</li>
 *   <li>any other accumulator ({@link #sumsExact}): the block sum times the multipliers as a long, added by a
 *   {@link Accumulator.Bank}, the same arithmetic as the block-by-block path's {@link Accumulator}, one per output.</li>
 * </ul>
 */
final class FloatBlocks {
    /** Output rows per tile: a block's weights for them, {@code B × ROW_TILE} floats, stay in the second-level cache. */
    static final int ROW_TILE = 512;
    /** Activation rows per tile: their accumulators, {@code TOKEN_TILE × ROW_TILE} floats, stay in the second-level cache. */
    static final int TOKEN_TILE = 64;

    private static final double EXACT_INTEGER = 0x1p24;
    /** The smallest power of two whose integer multiples FP32 still holds exactly (the subnormal unit). */
    private static final int MIN_EXPONENT = -149;

    private FloatBlocks() {}

    /** True when this path gives the bits of {@code X · Wᵀ}, with any accumulator. */
    static boolean applies(QuantizedTensor x, QuantizedTensor w) {
        return sumsExact(x, w);
    }

    /** True when every block sum is an integer below 2^24 and it times both multipliers fits a long. */
    static boolean sumsExact(QuantizedTensor x, QuantizedTensor w) {
        double sums = (double) ReferenceGemm.maxAbs(x.units()) * ReferenceGemm.maxAbs(w.units()) * x.blockSize();
        double scaled = sums * ReferenceGemm.maxAbs(x.blockMultiplier()) * ReferenceGemm.maxAbs(w.blockMultiplier());
        return sums < EXACT_INTEGER && scaled < 0x1p62;
    }

    /** True when every block value of {@code X · Wᵀ} is exact in FP32, so the FP32 sum can be formed vectorised too. */
    static boolean fp32Exact(QuantizedTensor x, QuantizedTensor w) {
        Scales xs = Scales.of(x);
        Scales ws = Scales.of(w);
        // a block sum, and it times either multiplier's significant bits or both, an integer below 2^24
        double bound = (double) ReferenceGemm.maxAbs(x.units()) * ReferenceGemm.maxAbs(w.units()) * x.blockSize()
                * xs.maxOdd * ws.maxOdd;
        // p·xm·2^xe (the partial product), wm·2^we (the weight factor) and the block value all exact and finite
        return bound < EXACT_INTEGER && exact(xs.lo, xs.hi) && exact(ws.lo, ws.hi) && exact(xs.lo + ws.lo, xs.hi + ws.hi);
    }

    /** Integers below 2^24 times 2^e, for every e in [lo, hi], are FP32 numbers without rounding. */
    private static boolean exact(long lo, long hi) {
        return lo >= MIN_EXPONENT && hi + 24 <= Float.MAX_EXPONENT;
    }

    /**
     * A tensor's block scales {@code m·2^e} written as an odd integer times a power of two: the largest odd part, and the
     * range of the powers (an NVFP4 multiplier is a 4-bit significand shifted, so its odd part stays small).
     */
    private record Scales(long maxOdd, long lo, long hi) {
        static Scales of(QuantizedTensor t) {
            int[] e = t.blockExponent();
            int[] m = t.blockMultiplier();
            long maxOdd = 1;
            long lo = 0;
            long hi = 0;
            for (int i = 0; i < e.length; i++) {
                long mag = Math.abs((long) m[i]);
                if (mag == 0) {
                    continue; // a zero block's value is zero whatever its exponent
                }
                int tz = Long.numberOfTrailingZeros(mag);
                maxOdd = Math.max(maxOdd, mag >>> tz);
                lo = Math.min(lo, e[i] + tz);
                hi = Math.max(hi, e[i] + tz);
            }
            return new Scales(maxOdd, lo, hi);
        }
    }

    /** {@code X · Wᵀ} with {@code spec}, which {@link #applies}. */
    static ReferenceGemm.Result multiply(QuantizedTensor x, QuantizedTensor w, AccumulatorSpec spec) {
        int m = Math.min(TOKEN_TILE, x.rows());
        Outputs outputs = spec.kind() == AccumulatorSpec.Kind.FP32 && fp32Exact(x, w) ? new Fp32Outputs(x, w, m) : new BankOutputs(x, w, spec, m);
        int rows = x.rows();
        int cols = w.rows();
        int b = x.blockSize();
        int blocks = x.blocksPerRow();
        int kp = x.paddedCols();
        float[] xu = asFloats(x.units());
        float scale = x.tensorScale() * w.tensorScale();
        float[] y = new float[rows * cols];
        float[] p = new float[ROW_TILE];
        for (int j0 = 0; j0 < cols; j0 += ROW_TILE) {
            int n = Math.min(ROW_TILE, cols - j0);
            float[][] wt = tileUnits(w, j0, n);
            outputs.rows(j0, n);
            for (int i0 = 0; i0 < rows; i0 += TOKEN_TILE) {
                int tokens = Math.min(TOKEN_TILE, rows - i0);
                outputs.reset();
                for (int blk = 0; blk < blocks; blk++) {
                    for (int i = 0; i < tokens; i++) {
                        outputs.add(i, i0 + i, blk, blockSum(p, xu, (i0 + i) * kp + blk * b, wt, blk * b, b, n) ? p : null);
                    }
                }
                for (int i = 0; i < tokens; i++) {
                    for (int j = 0; j < n; j++) {
                        y[(i0 + i) * cols + j0 + j] = outputs.result(i, j) * scale;
                    }
                }
            }
        }
        return new ReferenceGemm.Result(rows, cols, y, outputs.overflows());
    }

    /**
     * The accumulators of a tile of outputs (activation rows of the tile × output rows {@code [j0, j0 + n)}), each adding its
     * block values in K order. Every loop here indexes the arrays it writes and reads alike (0 to the tile's width), so the
     * JIT vectorises it without alias checks.
     */
    private interface Outputs {
        /** The output rows of the next tiles. */
        void rows(int j0, int n);

        /** Every accumulator of the tile to zero. */
        void reset();

        /** Adds block {@code blk} of activation row {@code token} (row {@code i} of the tile): sums {@code p}, or null when all zero. */
        void add(int i, int token, int blk, float[] p);

        float result(int i, int j);

        long overflows();
    }

    /** FP32 sums of block values exact in FP32: {@code acc += p · (xm·2^xe) · (wm·2^we)}, vectorised. */
    private static final class Fp32Outputs implements Outputs {
        private final QuantizedTensor w;
        private final float[] xf;
        private final int blocks;
        private final float[][] acc;
        private float[][] wf;
        private int n;

        Fp32Outputs(QuantizedTensor x, QuantizedTensor w, int tokens) {
            this.w = w;
            this.xf = factors(x);
            this.blocks = x.blocksPerRow();
            this.acc = new float[tokens][ROW_TILE];
        }

        @Override
        public void rows(int j0, int n) {
            this.wf = tileFactors(w, j0, n);
            this.n = n;
        }

        @Override
        public void reset() {
            for (float[] a : acc) {
                java.util.Arrays.fill(a, 0f);
            }
        }

        @Override
        public void add(int i, int token, int blk, float[] p) {
            if (p != null) { // an exact zero leaves an FP32 sum's bits as they are, the sum never being -0
                accumulate(acc[i], p, xf[token * blocks + blk], wf[blk], n);
            }
        }

        @Override
        public float result(int i, int j) {
            return acc[i][j];
        }

        @Override
        public long overflows() {
            return 0;
        }
    }

    /** Any accumulator: each block value, exact as a long, added by the output's accumulator in an {@link Accumulator.Bank}. */
    private static final class BankOutputs implements Outputs {
        private final int[] xe;
        private final int[] xm;
        private final int[] we;
        private final int[] wm;
        private final int blocks;
        private final Accumulator.Bank acc;
        private int j0;
        private int n;

        BankOutputs(QuantizedTensor x, QuantizedTensor w, AccumulatorSpec spec, int tokens) {
            this.xe = x.blockExponent();
            this.xm = x.blockMultiplier();
            this.we = w.blockExponent();
            this.wm = w.blockMultiplier();
            this.blocks = x.blocksPerRow();
            this.acc = Accumulator.bank(spec, tokens * ROW_TILE);
        }

        @Override
        public void rows(int j0, int n) {
            this.j0 = j0;
            this.n = n;
        }

        @Override
        public void reset() {
            acc.reset();
        }

        @Override
        public void add(int i, int token, int blk, float[] p) {
            int xb = token * blocks + blk;
            for (int j = 0; j < n; j++) {
                int wb = (j0 + j) * blocks + blk;
                // a zero block sum adds a zero, as the block-by-block path does (a fixed-point add of zero still aligns)
                acc.add(i * ROW_TILE + j, p != null ? (long) p[j] * ((long) xm[xb] * wm[wb]) : 0, xe[xb] + we[wb]);
            }
        }

        @Override
        public float result(int i, int j) {
            return acc.result(i * ROW_TILE + j);
        }

        @Override
        public long overflows() {
            return acc.overflows();
        }
    }

    /**
     * {@code p[j] = Σ x[xo + k] · w[c + k][j]} over the block's {@code b} elements, four at a time, skipping groups of
     * zeros; integers below 2^24 throughout, so exact in any order. False when every element of x is zero: the block
     * then adds nothing (an exact zero leaves an FP32 sum's bits as they are, the sum never being -0).
     */
    private static boolean blockSum(float[] p, float[] xu, int xo, float[][] w, int c, int b, int n) {
        boolean started = false;
        int k = 0;
        for (; k + 4 <= b; k += 4) {
            float x0 = xu[xo + k];
            float x1 = xu[xo + k + 1];
            float x2 = xu[xo + k + 2];
            float x3 = xu[xo + k + 3];
            if (x0 != 0 || x1 != 0 || x2 != 0 || x3 != 0) {
                int r = c + k;
                multiplyAdd4(p, started, x0, w[r], x1, w[r + 1], x2, w[r + 2], x3, w[r + 3], n);
                started = true;
            }
        }
        for (; k < b; k++) {
            float xk = xu[xo + k];
            if (xk != 0) {
                multiplyAdd(p, started, xk, w[c + k], n);
                started = true;
            }
        }
        return started;
    }

    // the inner loops, each its own small method so the JIT compiles it to vector instructions (with more than four
    // weight arrays in one loop it no longer does)

    private static void multiplyAdd4(float[] p, boolean add, float x0, float[] w0, float x1, float[] w1, float x2, float[] w2,
                                     float x3, float[] w3, int n) {
        if (add) {
            for (int j = 0; j < n; j++) {
                p[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                p[j] = x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
            }
        }
    }

    private static void multiplyAdd(float[] p, boolean add, float x, float[] w, int n) {
        if (add) {
            for (int j = 0; j < n; j++) {
                p[j] += x * w[j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                p[j] = x * w[j];
            }
        }
    }

    /** {@code acc += p · fx · fw}: each product exact, the add the accumulator's one rounding. */
    private static void accumulate(float[] acc, float[] p, float fx, float[] fw, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] += p[j] * fx * fw[j];
        }
    }

    /** Rows {@code [j0, j0 + n)} of W's units, one array per element column: {@code [column][row - j0]}. */
    private static float[][] tileUnits(QuantizedTensor w, int j0, int n) {
        int kp = w.paddedCols();
        long[] u = w.units();
        float[][] t = new float[kp][n];
        for (int j = 0; j < n; j++) {
            int row = (j0 + j) * kp;
            for (int c = 0; c < kp; c++) {
                t[c][j] = u[row + c];
            }
        }
        return t;
    }

    /** Per block its multiplier times 2 to its exponent, exact in FP32 (as {@link #applies} checked); {@code [row][block]}. */
    private static float[] factors(QuantizedTensor t) {
        int[] e = t.blockExponent();
        int[] m = t.blockMultiplier();
        float[] f = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            f[i] = (float) Math.scalb((double) m[i], e[i]);
        }
        return f;
    }

    /** The block factors of W's rows {@code [j0, j0 + n)}: {@code [block][row - j0]}. */
    private static float[][] tileFactors(QuantizedTensor w, int j0, int n) {
        int blocks = w.blocksPerRow();
        int[] e = w.blockExponent();
        int[] m = w.blockMultiplier();
        float[][] t = new float[blocks][n];
        for (int j = 0; j < n; j++) {
            for (int blk = 0; blk < blocks; blk++) {
                int i = (j0 + j) * blocks + blk;
                t[blk][j] = (float) Math.scalb((double) m[i], e[i]);
            }
        }
        return t;
    }

    private static float[] asFloats(long[] units) {
        float[] f = new float[units.length];
        for (int i = 0; i < units.length; i++) {
            f[i] = units[i];
        }
        return f;
    }
}
