package dev.bdsim.format;

/** Chooses the dialect and element indices of one DialectFP4 block whose exponent field is fixed. */
public interface DialectQuantizer {
    /** Short name, e.g. {@code two-stage}. */
    String id();

    /** How elements are encoded once the dialect is chosen. */
    ElementEncoding encoding();

    /**
     * @param magnitudes FP16 magnitudes of the block in units of 2^-24 (padded to the block size)
     * @param ebits      the block's 5-bit exponent field; the scale is 2^(ebits - 15)
     * @param indexOut   receives the magnitude index (0..7) of each element
     * @return the chosen dialect
     */
    int quantize(long[] magnitudes, int ebits, int[] indexOut);
}
