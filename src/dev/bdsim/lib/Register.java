package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** A bank of D flip-flops, one word per lane, with clock enable {@code en} and a reset value. */
public final class Register extends Component {
    private final Port d;
    private final Port q;
    private final int lanes;
    private final long init;
    private final long[] nextLo;
    private final long[] nextHi;
    private final int write;

    public Register(String name, SignalType type, int lanes, long init) {
        super(name);
        this.lanes = lanes;
        this.init = init;
        d = sampledInput("d", type, lanes);
        q = registeredOutput("q", type, lanes);
        clockEnable();
        nextLo = new long[lanes];
        nextHi = new long[lanes];
        write = action("write");
    }

    /** The reset value of every lane. */
    public long init() {
        return init;
    }

    @Override
    public String typeName() {
        return "Register";
    }

    @Override
    protected void sample() {
        for (int l = 0; l < lanes; l++) {
            nextLo[l] = get(d, l);
            nextHi[l] = getHigh(d, l);
        }
        count(write, lanes);
    }

    @Override
    protected void reset() {
        java.util.Arrays.fill(nextLo, init);
        java.util.Arrays.fill(nextHi, init >> 63);
    }

    @Override
    protected void commit() {
        for (int l = 0; l < lanes; l++) {
            setWide(q, l, nextLo[l], nextHi[l]);
        }
    }
}
