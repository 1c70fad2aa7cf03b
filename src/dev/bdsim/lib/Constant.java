package dev.bdsim.lib;

import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** A constant value on output {@code y}. */
public final class Constant extends Wiring {
    private final Port y;
    private final long low;
    private final long high;

    public Constant(String name, SignalType type, long low, long high) {
        super(name);
        this.low = low;
        this.high = high;
        y = output("y", type, 1);
    }

    /** The value's low and high 64 bits. */
    public long low() {
        return low;
    }

    public long high() {
        return high;
    }

    @Override
    public String typeName() {
        return "Constant";
    }

    @Override
    protected void evaluate() {
        setWide(y, 0, low, high);
    }
}
