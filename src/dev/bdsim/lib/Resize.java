package dev.bdsim.lib;

import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Wiring: the bits of {@code a}, zero- or sign-extended (from its top bit) or truncated to the
 * output type; the same bits then read as that type's signedness.
 */
public final class Resize extends Wiring {
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
    public String typeName() {
        return "Resize";
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
}
