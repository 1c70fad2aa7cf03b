package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * The largest unsigned value of a block that arrives as chunks of {@code lanes} values, one chunk
 * per edge with {@code valid} high, from the chunk marked {@code first} to the one marked
 * {@code last}: a comparator tree over the lanes and a running maximum. {@code max} holds the
 * last finished block's maximum until the next block finishes.
 */
public final class BlockMax extends Component {
    private final Port x;
    private final Port valid;
    private final Port first;
    private final Port last;
    private final Port max;
    private final int lanes;
    private long running;
    private long held;
    private final int compare;

    public BlockMax(String name, int width, int lanes) {
        super(name);
        this.lanes = lanes;
        x = sampledInput("x", SignalType.unsigned(width), lanes);
        valid = sampledInput("valid", SignalType.BIT, 1);
        first = sampledInput("first", SignalType.BIT, 1);
        last = sampledInput("last", SignalType.BIT, 1);
        max = registeredOutput("max", SignalType.unsigned(width), 1);
        compare = action("compare");
    }

    @Override
    public String typeName() {
        return "BlockMax";
    }

    @Override
    protected void sample() {
        if (get(valid) == 0) {
            return;
        }
        long m = get(first) != 0 ? 0 : running;
        for (int l = 0; l < lanes; l++) {
            m = Math.max(m, get(x, l));
        }
        long toggles = Long.bitCount(m ^ running);
        running = m;
        if (get(last) != 0) {
            toggles += Long.bitCount(held ^ m);
            held = m;
        }
        stateToggles(toggles);
        count(compare, lanes);
    }

    @Override
    protected void reset() {
        running = 0;
        held = 0;
    }

    @Override
    protected void commit() {
        set(max, held);
    }
}
