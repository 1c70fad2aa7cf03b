package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Wiring: the bits of {@code a}, zero- or sign-extended (from its top bit) or truncated to the
 * output type; the same bits then read as that type's signedness.
 */
public final class Resize extends Wiring {
    /** Created by expressions only, never by name. */
    public static final Kind KIND = new Kind("Resize", Group.WIRING, "",
            List.of(),
            null);

    private final Port a;
    private final Port y;
    private final int lanes;
    private final boolean signExtend;
    private final int inWidth;

    public Resize(String name, SignalType in, SignalType out, int lanes, boolean signExtend) {
        super(name);
        this.lanes = lanes;
        this.signExtend = signExtend;
        this.inWidth = in.width();
        a = input("a", in, lanes);
        y = output("y", out, lanes);
    }

    public boolean signExtend() {
        return signExtend;
    }

    @Override
    public RoutedBit source(Port out, int lane, int bit) {
        return bit < inWidth ? RoutedBit.of(a, lane, bit) : signExtend ? RoutedBit.of(a, lane, inWidth - 1) : RoutedBit.constant(0);
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
            if (inWidth < 64) {
                int s = 64 - inWidth;
                x = signExtend ? (x << s) >> s : (x << s) >>> s;
                xh = signExtend ? x >> 63 : 0;
            } else if (inWidth == 64) {
                xh = signExtend ? x >> 63 : 0;
            } else if (inWidth < 128) {
                int s = 128 - inWidth;
                xh = signExtend ? (xh << s) >> s : (xh << s) >>> s;
            }
            setWide(y, l, x, xh);
        }
    }

    @Override
    public String verilogExpression(int lane, IntFunction<String> net) {
        int to = y.type().width();
        String x = net.apply(a.net(lane));
        return to <= inWidth ? x + "[" + (to - 1) + ":0]"
                : "{{" + (to - inWidth) + "{" + (signExtend ? x + "[" + (inWidth - 1) + "]" : "1'b0") + "}}, " + x + "}";
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.forLanes(lanes, () -> {
            e.line("long x = " + e.in(a, "l") + "; long xh = " + e.inHigh(a, "l") + ";");
            if (inWidth < 64) {
                int s = 64 - inWidth;
                e.line(signExtend ? "x = (x << " + s + ") >> " + s + "; xh = x >> 63;" : "x = (x << " + s + ") >>> " + s + "; xh = 0;");
            } else if (inWidth == 64) {
                e.line(signExtend ? "xh = x >> 63;" : "xh = 0;");
            } else if (inWidth < 128) {
                int s = 128 - inWidth;
                e.line("xh = (xh << " + s + ") " + (signExtend ? ">>" : ">>>") + " " + s + ";");
            }
            e.writeWide(y, "l", "x", "xh");
        });
        return true;
    }
}
