package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** A constant value on output {@code y}. */
public final class Constant extends Wiring {
    public static final Kind KIND = new Kind("Constant", Group.WIRING, "-> y, a constant value",
            List.of(ParamSpec.width(64),
                    ParamSpec.signed(),
                    ParamSpec.integer("value", null, Long.MIN_VALUE, Long.MAX_VALUE, "the value")),
            (n, p) -> new Constant(n, p.type(), p.integer("value"), p.integer("value") >> 63)).withExample(Map.of("value", 37L));

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
    public RoutedBit source(Port out, int lane, int bit) {
        return RoutedBit.constant(bit < 64 ? low >>> bit : high >>> (bit - 64));
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        setWide(y, 0, low, high);
    }

    @Override
    public String verilogExpression(int lane, IntFunction<String> net) {
        return Verilog.literal(y.type().width(), BigInteger.valueOf(high).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low))));
    }
}
