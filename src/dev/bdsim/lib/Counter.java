package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Counts enabled clock edges from 0 to {@code max}, then wraps to 0. {@code at_max} is high
 * while the count equals {@code max}.
 */
public final class Counter extends Component {
    private final Port q;
    private final Port atMax;
    private final long max;
    private long value;
    private final int increment;

    public Counter(String name, int width, long max) {
        super(name);
        this.max = max;
        q = registeredOutput("q", SignalType.unsigned(width), 1);
        atMax = registeredOutput("at_max", SignalType.BIT, 1);
        clockEnable();
        increment = action("increment");
    }

    public long max() {
        return max;
    }

    @Override
    public String typeName() {
        return "Counter";
    }

    @Override
    protected void sample() {
        value = value == max ? 0 : value + 1;
        count(increment);
    }

    @Override
    protected void reset() {
        value = 0;
    }

    @Override
    protected void commit() {
        set(q, value);
        set(atMax, value == max ? 1 : 0);
    }
}
