package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.function.IntFunction;

/** Wiring: bits {@code high..low} of every lane of {@code a}, as an unsigned value. */
public final class Slice extends Wiring {
    /** Created by expressions only, never by name. */
    public static final Kind KIND = new Kind("Slice", Group.WIRING, "",
            List.of(),
            null);

    private final Port a;
    private final Port y;
    private final int lanes;
    private final int low;

    public Slice(String name, SignalType in, int lanes, int high, int low) {
        super(name);
        if (low < 0 || high < low || high >= in.width()) {
            throw new IllegalArgumentException("bit slice [" + high + ":" + low + "] is outside " + in);
        }
        this.lanes = lanes;
        this.low = low;
        a = input("a", in, lanes);
        y = output("y", SignalType.unsigned(high - low + 1), lanes);
    }

    /** The lowest bit taken. */
    public int low() {
        return low;
    }

    @Override
    public RoutedBit source(Port out, int lane, int bit) {
        return RoutedBit.of(a, lane, low + bit);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            long x = get(a, l);
            long xh = getHigh(a, l);
            if (low == 0) {
                setWide(y, l, x, xh);
            } else if (low < 64) {
                setWide(y, l, (x >>> low) | (xh << (64 - low)), xh >> low);
            } else {
                setWide(y, l, xh >> (low - 64), xh >> 63);
            }
        }
    }

    @Override
    public String verilogExpression(int lane, IntFunction<String> net) {
        String source = net.apply(a.net(lane));
        // Verilog selects no part of a one-bit net
        return a.type().width() == 1 ? source : source + "[" + (low + y.type().width() - 1) + ":" + low + "]";
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.forLanes(lanes, () -> {
            e.line("long x = " + e.in(a, "l") + "; long xh = " + e.inHigh(a, "l") + ";");
            if (low == 0) {
                e.writeWide(y, "l", "x", "xh");
            } else if (low < 64) {
                e.writeWide(y, "l", "(x >>> " + low + ") | (xh << " + (64 - low) + ")", "xh >> " + low);
            } else {
                e.writeWide(y, "l", "xh >> " + (low - 64), "xh >> 63");
            }
        });
        return true;
    }
}
