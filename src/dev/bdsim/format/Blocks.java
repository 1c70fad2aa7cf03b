package dev.bdsim.format;

import dev.bdsim.fp16.Fp16Matrix;

/** Block iteration shared by the formats: copies one zero-padded block of FP16 bits at a time. */
final class Blocks {
    private Blocks() {}

    interface BlockVisitor {
        /** {@code block} is the running block index, {@code bits} the padded block (reused between calls). */
        void visit(int block, short[] bits);
    }

    static void forEach(Fp16Matrix x, int blockSize, BlockVisitor visitor) {
        short[] src = x.rawBits();
        short[] buf = new short[blockSize];
        int cols = x.cols();
        int blocksPerRow = QuantizedTensor.blocksPerRow(cols, blockSize);
        int block = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int b = 0; b < blocksPerRow; b++) {
                int start = b * blockSize;
                int n = Math.min(blockSize, cols - start);
                System.arraycopy(src, r * cols + start, buf, 0, n);
                java.util.Arrays.fill(buf, n, blockSize, (short) 0);
                visitor.visit(block++, buf);
            }
        }
    }

    /** Largest magnitude in the block as FP16 bits without sign (FP16 magnitudes order like integers). */
    static int maxMagnitudeBits(short[] bits) {
        int max = 0;
        for (short h : bits) {
            max = Math.max(max, h & 0x7fff);
        }
        return max;
    }

    static void checkBlockSize(int blockSize) {
        if (blockSize < 1 || blockSize > 4096) {
            throw new IllegalArgumentException("block size must be between 1 and 4096, got " + blockSize);
        }
    }
}
