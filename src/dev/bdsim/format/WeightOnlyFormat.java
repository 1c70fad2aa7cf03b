package dev.bdsim.format;

import dev.bdsim.fp16.Fp16Matrix;

import java.util.List;

/**
 * A weight-only format (README "Weight-only formats", rules in {@code rtl-models/specs/weight-only.md}): weights are
 * stored in a few bits and decoded to FP16 in front of an FP16 multiplier; activations stay FP16. For the GEMM both
 * operands are therefore FP16 tensors in blocks of one, exactly as {@link Fp16Format} gives them, and the product is the
 * FP16 reference's (products one by one into the accumulator); the weight tensor carries its {@link StoredWeights} for the
 * datapath's buffers, and its values are the decoder's.
 */
public abstract class WeightOnlyFormat implements BlockFormat {
    /** Weights per group word; for per-channel formats, 0 (the whole row). */
    public abstract int group();

    /** The stored form of a weight tensor. */
    public abstract StoredWeights encode(Fp16Matrix w);

    /** The FP16 weight the decoder gives for column {@code col} of {@code row}. */
    public abstract short decode(StoredWeights w, int row, int col);

    @Override
    public final int blockSize() {
        return 1;
    }

    /** Activations' code width: FP16. */
    @Override
    public final int elementBits() {
        return 16;
    }

    @Override
    public final boolean quantizesActivations() {
        return false;
    }

    @Override
    public String label() {
        return group() > 0 ? id() + "@" + group() : id();
    }

    @Override
    public final QuantizedTensor quantize(Fp16Matrix x, Role role) {
        if (role == Role.ACTIVATION) {
            return Fp16Format.values(this, x.rows(), x.cols(), x.rawBits()).build();
        }
        StoredWeights stored = encode(x);
        short[] bits = new short[x.rows() * x.cols()];
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                bits[r * x.cols() + c] = decode(stored, r, c);
            }
        }
        return Fp16Format.values(this, x.rows(), x.cols(), bits).stored(stored).build();
    }

    /** Activations carry no block word. */
    @Override
    public final List<BlockField> blockFields() {
        return List.of();
    }

    /** Columns padded to whole groups of {@code group} (0: whole vectors of {@code weightsPerCode}). */
    static int paddedCols(int cols, int group, int weightsPerCode) {
        int unit = group > 0 ? group : weightsPerCode;
        return (cols + unit - 1) / unit * unit;
    }

    /** The FP16 bits of a small integer (exact up to 2048 in magnitude). */
    static short integer(int q) {
        return dev.bdsim.fp16.Fp16.fromDouble(q);
    }
}
