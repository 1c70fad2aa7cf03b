package dev.bdsim.gemm;

import dev.bdsim.arith.Accumulator;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.QuantizedTensor;

import java.math.BigInteger;

/**
 * The functional, bit-exact {@code Y = X · Wᵀ} of two block-quantized tensors: per block an exact
 * integer dot product {@code P = Σ x_units · w_units}, scaled by both blocks' scales and added into
 * the accumulator in K order. The tensor scales (NVFP4) multiply the FP32 result once at the end.
 * This is the reference the cycle simulator must match bit for bit.
 */
public final class ReferenceGemm {
    private ReferenceGemm() {}

    /** Result of a GEMM: {@code y[rows(X)][rows(W)]} row-major, plus accumulator overflow count. */
    public record Result(int rows, int cols, float[] y, long overflows) {}

    /**
     * {@code Y = X · Wᵀ} with the accumulator {@code spec}. Block sums that are exact in FP32 (the 4- and 6-bit formats,
     * the block integers and FP16) are formed vectorised ({@link FloatBlocks}), with any accumulator; the MXFP8 formats
     * block by block in exact integers. Both give the same bits.
     */
    public static Result multiply(QuantizedTensor x, QuantizedTensor w, AccumulatorSpec spec) {
        if (x.cols() != w.cols()) {
            throw new IllegalArgumentException("K differs: activations have " + x.cols() + " columns, weights " + w.cols());
        }
        if (x.blockSize() != w.blockSize()) {
            throw new IllegalArgumentException("block sizes differ: " + x.blockSize() + " vs " + w.blockSize());
        }
        if (FloatBlocks.applies(x, w)) {
            return FloatBlocks.multiply(x, w, spec);
        }
        return general(x, w, spec);
    }

    /** Every format and accumulator: each block sum an exact long (or 128-bit) integer, added by {@link Accumulator}. */
    public static Result general(QuantizedTensor x, QuantizedTensor w, AccumulatorSpec spec) {
        int rows = x.rows();
        int cols = w.rows();
        int b = x.blockSize();
        int blocks = x.blocksPerRow();
        int kp = x.paddedCols();
        long[] xu = x.units();
        long[] wu = w.units();
        int[] xe = x.blockExponent();
        int[] we = w.blockExponent();
        int[] xm = x.blockMultiplier();
        int[] wm = w.blockMultiplier();
        boolean wide = needsWideSums(x, w);
        float tensorScale = x.tensorScale() * w.tensorScale();
        float[] y = new float[rows * cols];
        Accumulator acc = Accumulator.create(spec);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                acc.reset();
                for (int blk = 0; blk < blocks; blk++) {
                    int xo = i * kp + blk * b;
                    int wo = j * kp + blk * b;
                    int exponent = xe[i * blocks + blk] + we[j * blocks + blk];
                    long scaleMul = (long) xm[i * blocks + blk] * wm[j * blocks + blk];
                    if (wide) {
                        acc.add(wideDot(xu, xo, wu, wo, b).multiply(BigInteger.valueOf(scaleMul)), exponent);
                    } else {
                        long p = 0;
                        for (int k = 0; k < b; k++) {
                            p += xu[xo + k] * wu[wo + k];
                        }
                        acc.add(p * scaleMul, exponent);
                    }
                }
                y[i * cols + j] = acc.result() * tensorScale;
            }
        }
        return new Result(rows, cols, y, acc.overflows());
    }

    /** True when a block sum times the scale multipliers may not fit 63 bits (MXFP8 E5M2 only, in practice). */
    static boolean needsWideSums(QuantizedTensor x, QuantizedTensor w) {
        double bound = (double) maxAbs(x.units()) * maxAbs(w.units()) * x.blockSize()
                * maxAbs(x.blockMultiplier()) * maxAbs(w.blockMultiplier());
        return bound >= 0x1p62;
    }

    static long maxAbs(long[] a) {
        long m = 0;
        for (long v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static long maxAbs(int[] a) {
        long m = 0;
        for (int v : a) {
            m = Math.max(m, Math.abs((long) v));
        }
        return m;
    }

    private static BigInteger wideDot(long[] xu, int xo, long[] wu, int wo, int b) {
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < b; k++) {
            long a = xu[xo + k];
            long c = wu[wo + k];
            long pLo = a * c;
            long pHi = Math.multiplyHigh(a, c);
            long sum = lo + pLo;
            hi += pHi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
            lo = sum;
        }
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** FP64 product of two FP16 tensors, the accuracy reference of every format. */
    public static double[] fp64Reference(double[] x, int rows, double[] w, int cols, int k) {
        double[] y = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += x[i * k + t] * w[j * k + t];
                }
                y[i * cols + j] = s;
            }
        }
        return y;
    }
}
