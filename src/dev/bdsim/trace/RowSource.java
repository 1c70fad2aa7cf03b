package dev.bdsim.trace;

import dev.bdsim.fp16.Fp16Matrix;

/** A 2-D FP16 tensor read a block of rows at a time (from a file, or from memory). */
public interface RowSource {
    int rows();

    int cols();

    Fp16Matrix readRows(int first, int count);

    /** A tensor already in memory. */
    static RowSource of(Fp16Matrix m) {
        return new RowSource() {
            @Override
            public int rows() {
                return m.rows();
            }

            @Override
            public int cols() {
                return m.cols();
            }

            @Override
            public Fp16Matrix readRows(int first, int count) {
                short[] bits = java.util.Arrays.copyOfRange(m.rawBits(), first * m.cols(), (first + count) * m.cols());
                return new Fp16Matrix(m.name(), count, m.cols(), bits, 0);
            }
        };
    }
}
