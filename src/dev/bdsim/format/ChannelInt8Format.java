package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * Symmetric INT8 weights with one FP16 scale per output channel (a row of W), the layout of EETQ's W8A16 kernels:
 * {@code s = fp16(amax / 127)}, {@code q = clamp(round(w / s), -127, 127)} (half to even), decoded {@code w = fp16(q · s)}.
 */
public final class ChannelInt8Format extends WeightOnlyFormat {
    @Override
    public String id() {
        return "int8-channel";
    }

    @Override
    public String displayName() {
        return "INT8 per output channel (FP16 scale)";
    }

    /** The whole row. */
    @Override
    public int group() {
        return 0;
    }

    /** The codes; the row's scale adds 16 / K bits per weight. */
    @Override
    public double bitsPerElement() {
        return 8;
    }

    @Override
    public String codeLayout() {
        return "weights: an 8-bit two's-complement code per weight, per output row an FP16 scale; activations FP16";
    }

    @Override
    public StoredWeights encode(Fp16Matrix w) {
        int rows = w.rows();
        int cols = w.cols();
        int[] codes = new int[rows * cols];
        long[] words = new long[rows];
        for (int r = 0; r < rows; r++) {
            double amax = 0;
            for (int c = 0; c < cols; c++) {
                amax = Math.max(amax, Math.abs(w.value(r, c)));
            }
            short s = Fp16.fromDouble(amax / 127);
            double scale = Fp16.toDouble(s);
            words[r] = s & 0xffff;
            for (int c = 0; c < cols; c++) {
                int q = scale == 0 ? 0 : (int) Math.max(-127, Math.min(127, Math.rint(w.value(r, c) / scale)));
                codes[r * cols + c] = q & 0xff;
            }
        }
        return new StoredWeights(rows, cols, cols, 8, 1, codes, cols, 16, words, new short[0], 0);
    }

    @Override
    public short decode(StoredWeights w, int row, int col) {
        return Fp16.mul(integer((byte) w.code(row, col)), (short) w.word(row, col));
    }
}
