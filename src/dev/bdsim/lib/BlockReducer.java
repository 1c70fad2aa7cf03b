package dev.bdsim.lib;

import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * A unit that reduces each block, arriving as chunks on edges with {@code valid} high from the
 * chunk marked {@code first} to the one marked {@code last}, to one value; the registered output
 * holds the last finished block's value until the next block finishes.
 */
abstract class BlockReducer extends Hardware {
    private final Port valid;
    private final Port first;
    private final Port last;
    private final Port result;
    private long held;

    protected BlockReducer(String name, String resultName, SignalType resultType) {
        super(name);
        valid = sampledInput("valid", SignalType.BIT, 1);
        first = sampledInput("first", SignalType.BIT, 1);
        last = sampledInput("last", SignalType.BIT, 1);
        result = registeredOutput(resultName, resultType, 1);
    }

    /** Adds one chunk to the running state, restarting it first when {@code restart}; returns the state bits that flipped. */
    protected abstract long addChunk(boolean restart);

    /** The value of the block whose last chunk was just added. */
    protected abstract long blockResult();

    /** Clears the running state (reset). */
    protected abstract void clear();

    @Override
    protected final void sample() {
        boolean chunk = get(valid) != 0;
        long toggles = chunk ? addChunk(get(first) != 0) : 0;
        toggles += finish(chunk && get(last) != 0);
        if (chunk || toggles != 0) {
            stateToggles(toggles);
        }
    }

    /**
     * At every edge, after the chunk (if any) was added: {@code finished} when it was a block's last. Holds the block's
     * value at once; a pipelined reducer overrides it to advance its stages and hold the value later. Returns the state
     * bits that flipped.
     */
    protected long finish(boolean finished) {
        if (!finished) {
            return 0;
        }
        return hold(blockResult());
    }

    /** The registered output takes {@code value}; returns its bits that flipped. */
    protected final long hold(long value) {
        long toggles = Long.bitCount(value ^ held);
        held = value;
        return toggles;
    }

    @Override
    protected final void reset() {
        clear();
        held = 0;
    }

    @Override
    protected final void commit() {
        set(result, held);
    }
}
