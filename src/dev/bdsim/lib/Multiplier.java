package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Lane-wise exact product {@code p = a * b}, {@code a_bits + b_bits} wide (at most 64). With
 * {@code negate} a per-lane {@code neg} input makes it a sign-magnitude multiplier:
 * {@code p = neg ? -(a * b) : a * b}, signed.
 */
public final class Multiplier extends Component {
    private final Port a;
    private final Port b;
    private final Port neg;
    private final Port p;
    private final int lanes;
    private final int multiply;

    public Multiplier(String name, SignalType aType, SignalType bType, int lanes, boolean negate) {
        super(name);
        boolean signed = aType.signed() || bType.signed();
        int width = aType.width() + bType.width() + (negate && !signed ? 1 : 0);
        if (width > 64) {
            throw new IllegalArgumentException("Multiplier products are at most 64 bits, got " + width);
        }
        this.lanes = lanes;
        a = input("a", aType, lanes);
        b = input("b", bType, lanes);
        neg = negate ? input("neg", SignalType.BIT, lanes) : null;
        p = output("p", new SignalType(width, signed || negate), lanes);
        multiply = action("multiply");
    }

    @Override
    public String typeName() {
        return "Multiplier";
    }

    @Override
    protected void evaluate() {
        if (neg == null) {
            for (int l = 0; l < lanes; l++) {
                set(p, l, get(a, l) * get(b, l));
            }
        } else {
            for (int l = 0; l < lanes; l++) {
                long product = get(a, l) * get(b, l);
                set(p, l, get(neg, l) != 0 ? -product : product);
            }
        }
        count(multiply, lanes);
    }
}
