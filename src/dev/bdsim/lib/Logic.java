package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** Bitwise {@code and}, {@code or}, {@code xor} of two operands, or {@code not} of one, lane by lane. */
public final class Logic extends Component {
    public enum Op { AND, OR, XOR, NOT }

    private final Op op;
    private final Port a;
    private final Port b;
    private final Port y;
    private final int lanes;
    private final int action;

    public Logic(String name, Op op, SignalType type, int lanes) {
        super(name);
        this.op = op;
        this.lanes = lanes;
        a = input("a", type, lanes);
        b = op == Op.NOT ? null : input("b", type, lanes);
        y = output("y", type, lanes);
        action = action(op.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** and, or, xor or not. */
    public String operation() {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String typeName() {
        return "Logic";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            long x = get(a, l);
            long xh = getHigh(a, l);
            switch (op) {
                case NOT -> setWide(y, l, ~x, ~xh);
                case AND -> setWide(y, l, x & get(b, l), xh & getHigh(b, l));
                case OR -> setWide(y, l, x | get(b, l), xh | getHigh(b, l));
                case XOR -> setWide(y, l, x ^ get(b, l), xh ^ getHigh(b, l));
            }
        }
        count(action, lanes);
    }
}
