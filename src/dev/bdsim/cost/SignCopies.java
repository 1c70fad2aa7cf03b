package dev.bdsim.cost;

import dev.bdsim.kernel.Port;

/**
 * A component whose signed output can be wider than its values need (the sum {@code xm + wm - 256} lies in -256..255
 * but is 10 bits wide): the bits above {@link #significantBits} repeat the sign, and synthesis keeps one flip-flop for
 * them all (what {@link FlipFlopTrim} follows).
 */
public interface SignCopies {
    /** The low bits of output {@code out} that its values need; the bits above copy the top one of them. */
    int significantBits(Port out);
}
