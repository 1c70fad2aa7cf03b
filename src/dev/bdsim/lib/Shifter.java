package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Lane-wise shift of {@code a} by {@code amount} bits, result as wide as {@code a}: left, or right
 * (arithmetic when {@code a} is signed). Operands up to 64 bits.
 */
public final class Shifter extends Component {
    private final Port a;
    private final Port amount;
    private final Port y;
    private final int lanes;
    private final boolean left;
    private final int width;
    private final int shift;

    public Shifter(String name, SignalType operand, int lanes, boolean left, int amountBits) {
        super(name);
        if (operand.width() > 64) {
            throw new IllegalArgumentException("Shifter operands are at most 64 bits, got " + operand.width());
        }
        this.lanes = lanes;
        this.left = left;
        this.width = operand.width();
        a = input("a", operand, lanes);
        amount = input("amount", SignalType.unsigned(amountBits), lanes);
        y = output("y", operand, lanes);
        shift = action("shift");
    }

    public boolean left() {
        return left;
    }

    @Override
    public String typeName() {
        return "Shifter";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            long x = get(a, l);
            long n = get(amount, l);
            long r;
            if (n >= width) {
                r = left ? 0 : (x < 0 ? -1 : 0);
            } else {
                r = left ? x << n : x >> n;
            }
            set(y, l, r);
        }
        count(shift, lanes);
    }
}
