package dev.bdsim.format;

/** How a value exactly halfway between two element codes is rounded. */
public enum Rounding {
    /** Ties go to the code whose magnitude index is even (IEEE round-to-nearest-even). */
    NEAREST_EVEN,
    /** Ties go to the larger magnitude. */
    NEAREST_AWAY
}
