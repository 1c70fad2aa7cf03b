package dev.bdsim.cost;

import dev.bdsim.kernel.Port;

/** A register or a delay line: every bit of its output a clocked copy of the same bit of one input, reset to a known value. */
public interface BitRegisters {
    /** The input whose bits output {@code q} holds. */
    Port registered(Port q);

    /** The value that bit {@code bit} of every lane resets to. */
    int resetBit(int bit);
}
