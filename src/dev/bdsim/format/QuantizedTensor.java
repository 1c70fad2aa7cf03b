package dev.bdsim.format;

/**
 * A tensor in a block format: per element a code, per block its metadata, and the exact integer
 * view the GEMM uses. Element {@code (r, c)} has the value
 * {@code units[r][c] * blockMultiplier[r][b] * 2^blockExponent[r][b] * tensorScale}, b = c / blockSize.
 * Rows are padded to a whole number of blocks; padding elements are zero.
 *
 * <p>Arrays returned by accessors are the backing arrays and must not be modified.
 */
public final class QuantizedTensor {
    private final BlockFormat format;
    private final int rows;
    private final int cols;
    private final int blockSize;
    private final int blocksPerRow;
    private final int[] codes;
    private final long[] units;
    private final int[] scaleField;
    private final int[] dialect;
    private final int[] blockExponent;
    private final int[] blockMultiplier;
    private final float tensorScale;
    private final StoredWeights stored;

    QuantizedTensor(BlockFormat format, int rows, int cols, int blockSize, int[] codes, long[] units,
                    int[] scaleField, int[] dialect, int[] blockExponent, int[] blockMultiplier, float tensorScale, StoredWeights stored) {
        this.format = format;
        this.rows = rows;
        this.cols = cols;
        this.blockSize = blockSize;
        this.blocksPerRow = blocksPerRow(cols, blockSize);
        this.codes = codes;
        this.units = units;
        this.scaleField = scaleField;
        this.dialect = dialect;
        this.blockExponent = blockExponent;
        this.blockMultiplier = blockMultiplier;
        this.tensorScale = tensorScale;
        this.stored = stored;
    }

    public static int blocksPerRow(int cols, int blockSize) {
        return (cols + blockSize - 1) / blockSize;
    }

    public BlockFormat format() {
        return format;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int blockSize() {
        return blockSize;
    }

    public int blocksPerRow() {
        return blocksPerRow;
    }

    /** Columns including padding: blocksPerRow * blockSize. */
    public int paddedCols() {
        return blocksPerRow * blockSize;
    }

    /** Element codes, row-major over padded columns. */
    public int[] codes() {
        return codes;
    }

    /** Signed element values in units of the element format, row-major over padded columns. */
    public long[] units() {
        return units;
    }

    /** Raw block scale field per block (format-specific meaning, see README "Packed layout"). */
    public int[] scaleField() {
        return scaleField;
    }

    /** Dialect id per block, or null for formats without dialects. */
    public int[] dialect() {
        return dialect;
    }

    public int[] blockExponent() {
        return blockExponent;
    }

    public int[] blockMultiplier() {
        return blockMultiplier;
    }

    /** Per-tensor scale (NVFP4); 1 for every other format. */
    public float tensorScale() {
        return tensorScale;
    }

    /**
     * The weights as a weight-only format stores them (codes, group words, tables), whose decoder gives this tensor's
     * FP16 values; null for every other format and for activations.
     */
    public StoredWeights stored() {
        return stored;
    }

    /** Value of one metadata field of a block (see {@link BlockFormat#blockFields()}). */
    public int field(BlockFormat.BlockField field, int block) {
        return field.name().equals(BlockFormat.BlockField.DIALECT) ? dialect[block] : scaleField[block];
    }

    /** The block's metadata fields packed into one word, the first field in the most significant bits. */
    public long blockWord(int block) {
        long word = 0;
        for (BlockFormat.BlockField f : format.blockFields()) {
            word = word << f.bits() | field(f, block);
        }
        return word;
    }

    public double value(int row, int col) {
        int b = row * blocksPerRow + col / blockSize;
        double v = Math.scalb((double) units[row * paddedCols() + col] * blockMultiplier[b], blockExponent[b]);
        return v * tensorScale;
    }

    /** Decoded values {@code [rows][cols]} (padding dropped), row-major. */
    public double[] decode() {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = value(r, c);
            }
        }
        return out;
    }

    /** Mutable arrays a format fills block by block before freezing them into a tensor. */
    public static final class Builder {
        final BlockFormat format;
        final int rows;
        final int cols;
        final int blockSize;
        final int blocksPerRow;
        public final int[] codes;
        public final long[] units;
        public final int[] scaleField;
        public final int[] dialect;
        public final int[] blockExponent;
        public final int[] blockMultiplier;
        private float tensorScale = 1f;
        private StoredWeights stored;

        public Builder(BlockFormat format, int rows, int cols, int blockSize, boolean withDialects) {
            this.format = format;
            this.rows = rows;
            this.cols = cols;
            this.blockSize = blockSize;
            this.blocksPerRow = QuantizedTensor.blocksPerRow(cols, blockSize);
            int blocks = rows * blocksPerRow;
            this.codes = new int[blocks * blockSize];
            this.units = new long[blocks * blockSize];
            this.scaleField = new int[blocks];
            this.dialect = withDialects ? new int[blocks] : null;
            this.blockExponent = new int[blocks];
            this.blockMultiplier = new int[blocks];
            java.util.Arrays.fill(blockMultiplier, 1);
        }

        public int blocks() {
            return rows * blocksPerRow;
        }

        public Builder tensorScale(float scale) {
            this.tensorScale = scale;
            return this;
        }

        public Builder stored(StoredWeights weights) {
            this.stored = weights;
            return this;
        }

        public QuantizedTensor build() {
            return new QuantizedTensor(format, rows, cols, blockSize, codes, units, scaleField, dialect,
                    blockExponent, blockMultiplier, tensorScale, stored);
        }
    }
}
