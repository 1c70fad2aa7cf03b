package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** Lane-wise exact product {@code p = a * b}, {@code a_bits + b_bits} wide (at most 64). */
public final class Multiplier extends Component {
    private final Port a;
    private final Port b;
    private final Port p;
    private final int lanes;
    private final int multiply;

    public Multiplier(String name, SignalType aType, SignalType bType, int lanes) {
        super(name);
        int width = aType.width() + bType.width();
        if (width > 64) {
            throw new IllegalArgumentException("Multiplier products are at most 64 bits, got " + width);
        }
        this.lanes = lanes;
        a = input("a", aType, lanes);
        b = input("b", bType, lanes);
        p = output("p", new SignalType(width, aType.signed() || bType.signed()), lanes);
        multiply = action("multiply");
    }

    @Override
    public String typeName() {
        return "Multiplier";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            set(p, l, get(a, l) * get(b, l));
        }
        count(multiply, lanes);
    }
}
