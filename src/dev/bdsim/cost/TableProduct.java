package dev.bdsim.cost;

import dev.bdsim.kernel.Port;

/** A multiplier that, fed by two constant tables of codes ({@link CodeTables}), can be built as one table of the codes. */
public interface TableProduct {
    /** The first operand. */
    Port a();

    /** The second operand. */
    Port b();

    /**
     * Gates of one lane that computes the product straight from the codes: {@code a} is {@code aTable[x]} of an
     * {@code aBits}-bit code {@code x}, {@code b} is {@code bTable[w]} of a {@code bBits}-bit code {@code w}.
     */
    double tableProductGe(long[] aTable, int aBits, long[] bTable, int bBits, TechLibrary tech);
}
