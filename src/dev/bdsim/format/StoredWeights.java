package dev.bdsim.format;

/**
 * A weight tensor as a weight-only format stores it (README "Weight-only formats"): per row, {@code codesPerRow} codes of
 * {@code codeBits} bits, each standing for {@code weightsPerCode} consecutive weights; per row, one word of
 * {@code wordBits} bits for every {@code group} weights (a group of the whole row for per-channel formats); and the
 * tensor's own FP16 constants ({@code table}: codebooks, or a second-level scale per run of {@code tableGroups} consecutive
 * groups in row-major order; {@code tableGroups} 0 when the table is not read by group). Rows are padded with zero weights to a
 * whole number of groups. The format's decoder turns it into FP16 weights; the datapath's buffers hold it.
 *
 * <p>Arrays are the backing arrays and must not be modified.
 */
public record StoredWeights(int rows, int cols, int paddedCols, int codeBits, int weightsPerCode, int[] codes,
                            int group, int wordBits, long[] groupWords, short[] table, int tableGroups) {
    public int codesPerRow() {
        return paddedCols / weightsPerCode;
    }

    public int groupsPerRow() {
        return paddedCols / group;
    }

    public int code(int row, int index) {
        return codes[row * codesPerRow() + index];
    }

    /** The word of the group holding column {@code col} of {@code row}. */
    public long word(int row, int col) {
        return groupWords[row * groupsPerRow() + col / group];
    }

    /** The table word of group {@code index} of {@code row} (for {@code tableGroups > 0}). */
    public int tableWord(int row, int index) {
        return (row * groupsPerRow() + index) / tableGroups;
    }

    /** Every stored bit: codes, group words, the table's FP16 constants. */
    public long bits() {
        return (long) codes.length * codeBits + (long) groupWords.length * wordBits + 16L * table.length;
    }

    /** {@link #bits} per weight of the unpadded tensor. */
    public double bitsPerWeight() {
        return (double) bits() / ((double) rows * cols);
    }
}
