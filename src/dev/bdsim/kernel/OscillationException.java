package dev.bdsim.kernel;

import dev.bdsim.BadInputException;

/** Combinational logic that did not settle within the delta-cycle limit. */
public final class OscillationException extends BadInputException {
    public OscillationException(long cycle, int deltas, String components) {
        super("combinational logic oscillates in cycle " + cycle + ": still changing after " + deltas
                + " delta cycles (" + components + ")");
    }
}
