package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** Selects input {@code in<sel>} lane by lane; a select beyond the last input gives zero. */
public final class Mux extends Component {
    private final Port sel;
    private final Port[] in;
    private final Port out;
    private final int lanes;
    private final int select;

    public Mux(String name, SignalType type, int lanes, int inputs) {
        super(name);
        this.lanes = lanes;
        sel = input("sel", SignalType.unsigned(selectBits(inputs)), 1);
        in = new Port[inputs];
        for (int i = 0; i < inputs; i++) {
            in[i] = input("in" + i, type, lanes);
        }
        out = output("out", type, lanes);
        select = action("select");
    }

    /** Bits of the select input for a number of inputs: ceil(log2(inputs)), at least 1. */
    public static int selectBits(int inputs) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(inputs - 1));
    }

    @Override
    public String typeName() {
        return "Mux";
    }

    @Override
    protected void evaluate() {
        long s = get(sel);
        for (int l = 0; l < lanes; l++) {
            if (s < in.length) {
                setWide(out, l, get(in[(int) s], l), getHigh(in[(int) s], l));
            } else {
                setWide(out, l, 0, 0);
            }
        }
        count(select, lanes);
    }
}
