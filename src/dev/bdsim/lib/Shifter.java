package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Lane-wise shift of {@code a} by {@code amount} bits, result as wide as {@code a}: left, or right
 * (arithmetic when {@code a} is signed). Operands up to 128 bits.
 */
public final class Shifter extends Component {
    private final Port a;
    private final Port amount;
    private final Port y;
    private final int lanes;
    private final boolean left;
    private final int width;
    private final boolean signed;
    private final int shift;

    public Shifter(String name, SignalType operand, int lanes, boolean left, int amountBits) {
        super(name);
        if (operand.width() > 128) {
            throw new IllegalArgumentException("Shifter operands are at most 128 bits, got " + operand.width());
        }
        this.lanes = lanes;
        this.left = left;
        this.width = operand.width();
        this.signed = operand.signed();
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
        if (width > 64) {
            evaluateWide();
            return;
        }
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

    private void evaluateWide() {
        for (int l = 0; l < lanes; l++) {
            long lo = get(a, l);
            long hi = getHigh(a, l);
            int n = (int) Math.min(get(amount, l), width);
            long fill = left || !signed ? 0 : hi >> 63;
            if (n >= width) {
                setWide(y, l, fill, fill);
            } else if (n == 0) {
                setWide(y, l, lo, hi);
            } else if (left) {
                setWide(y, l, n < 64 ? lo << n : 0, n < 64 ? hi << n | lo >>> (64 - n) : lo << (n - 64));
            } else {
                long high = n < 64 ? (signed ? hi >> n : hi >>> n) : fill;
                setWide(y, l, n < 64 ? lo >>> n | hi << (64 - n) : (signed ? hi >> (n - 64) : hi >>> (n - 64)), high);
            }
        }
        count(shift, lanes);
    }
}
