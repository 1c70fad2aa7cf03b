package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * A first-word-fall-through FIFO of {@code depth} entries with valid/ready on both sides. All
 * outputs are registered: {@code in_ready} is low while full (also in a cycle that pops), and
 * {@code out_data} shows the head while {@code out_valid} is high.
 */
public final class Fifo extends Component {
    private final Port inValid;
    private final Port inData;
    private final Port inReady;
    private final Port outValid;
    private final Port outData;
    private final Port outReady;
    private final Port count;
    private final int lanes;
    private final int depth;
    private final long[] storeLo;
    private final long[] storeHi;
    private final long storeMask;
    private final long storeHighMask;
    private int head;
    private int size;
    private final int write;
    private final int read;

    public Fifo(String name, SignalType type, int lanes, int depth) {
        super(name);
        this.lanes = lanes;
        this.depth = depth;
        inValid = sampledInput("in_valid", SignalType.BIT, 1);
        inData = sampledInput("in_data", type, lanes);
        inReady = registeredOutput("in_ready", SignalType.BIT, 1);
        outValid = registeredOutput("out_valid", SignalType.BIT, 1);
        outData = registeredOutput("out_data", type, lanes);
        outReady = sampledInput("out_ready", SignalType.BIT, 1);
        count = registeredOutput("count", SignalType.unsigned(Integer.SIZE - Integer.numberOfLeadingZeros(depth)), 1);
        storeLo = new long[depth * lanes];
        storeHi = new long[depth * lanes];
        storeMask = type.width() >= 64 ? -1L : (1L << type.width()) - 1;
        storeHighMask = type.wide() ? (type.width() == 128 ? -1L : (1L << (type.width() - 64)) - 1) : 0;
        write = action("write");
        read = action("read");
    }

    public int depth() {
        return depth;
    }

    @Override
    public String typeName() {
        return "Fifo";
    }

    @Override
    protected void sample() {
        boolean pop = size > 0 && get(outReady) != 0;
        boolean push = size < depth && get(inValid) != 0;
        if (pop) {
            head = (head + 1) % depth;
            size--;
            count(read);
        }
        if (push) {
            int slot = ((head + size) % depth) * lanes;
            long flipped = 0;
            for (int l = 0; l < lanes; l++) {
                long newLo = get(inData, l);
                long newHi = getHigh(inData, l);
                flipped += Long.bitCount((storeLo[slot + l] ^ newLo) & storeMask)
                        + Long.bitCount((storeHi[slot + l] ^ newHi) & storeHighMask);
                storeLo[slot + l] = newLo;
                storeHi[slot + l] = newHi;
            }
            stateToggles(flipped);
            size++;
            count(write);
        }
    }

    @Override
    protected void reset() {
        head = 0;
        size = 0;
    }

    @Override
    protected void commit() {
        set(inReady, size < depth ? 1 : 0);
        set(outValid, size > 0 ? 1 : 0);
        set(count, size);
        int slot = head * lanes;
        for (int l = 0; l < lanes; l++) {
            setWide(outData, l, size > 0 ? storeLo[slot + l] : 0, size > 0 ? storeHi[slot + l] : 0);
        }
    }
}
