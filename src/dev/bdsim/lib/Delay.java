package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** A chain of {@code depth} registers per lane (up to 64 bits): {@code q} is {@code d} of {@code depth} edges ago. */
public final class Delay extends Component {
    private final Port d;
    private final Port q;
    private final int lanes;
    private final long[][] chain;
    private int head;
    private final int write;

    public Delay(String name, SignalType type, int lanes, int depth) {
        super(name);
        if (type.width() > 64) {
            throw new IllegalArgumentException("Delay words are at most 64 bits, got " + type.width());
        }
        this.lanes = lanes;
        chain = new long[depth][lanes];
        d = sampledInput("d", type, lanes);
        q = registeredOutput("q", type, lanes);
        write = action("write");
    }

    public int depth() {
        return chain.length;
    }

    @Override
    public String typeName() {
        return "Delay";
    }

    @Override
    protected void sample() {
        int depth = chain.length;
        head = head == 0 ? depth - 1 : head - 1;
        long[] newest = chain[head];
        long toggles = 0;
        for (int l = 0; l < lanes; l++) {
            newest[l] = get(d, l);
            for (int age = 0; age < depth - 1; age++) {
                toggles += Long.bitCount(chain[(head + age) % depth][l] ^ chain[(head + age + 1) % depth][l]);
            }
        }
        stateToggles(toggles);
        count(write, (long) lanes * depth);
    }

    @Override
    protected void reset() {
        for (long[] word : chain) {
            java.util.Arrays.fill(word, 0);
        }
    }

    @Override
    protected void commit() {
        long[] oldest = chain[(head + chain.length - 1) % chain.length];
        for (int l = 0; l < lanes; l++) {
            set(q, l, oldest[l]);
        }
    }
}
