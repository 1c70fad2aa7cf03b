package dev.bdsim.lib;

import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * The largest unsigned value of each block of chunks of {@code lanes} values ({@code valid},
 * {@code first} .. {@code last}): a comparator tree over the lanes and a running maximum;
 * {@code max} holds the last finished block's maximum.
 */
public final class BlockMax extends BlockReducer {
    private final Port x;
    private final int lanes;
    private long running;
    private final int compare;

    public BlockMax(String name, int width, int lanes) {
        super(name, "max", SignalType.unsigned(width));
        this.lanes = lanes;
        x = sampledInput("x", SignalType.unsigned(width), lanes);
        compare = action("compare");
    }

    @Override
    public String typeName() {
        return "BlockMax";
    }

    @Override
    protected long addChunk(boolean restart) {
        long m = restart ? 0 : running;
        for (int l = 0; l < lanes; l++) {
            m = Math.max(m, get(x, l));
        }
        long toggles = Long.bitCount(m ^ running);
        running = m;
        count(compare, lanes);
        return toggles;
    }

    @Override
    protected long blockResult() {
        return running;
    }

    @Override
    protected void clear() {
        running = 0;
    }
}
