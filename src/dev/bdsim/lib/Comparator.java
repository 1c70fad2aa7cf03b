package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** Lane-wise comparison of {@code a} and {@code b}: outputs {@code lt}, {@code eq}, {@code gt}. */
public final class Comparator extends Component {
    private final Port a;
    private final Port b;
    private final Port lt;
    private final Port eq;
    private final Port gt;
    private final int lanes;
    private final int compare;

    public Comparator(String name, SignalType operand, int lanes) {
        super(name);
        this.lanes = lanes;
        a = input("a", operand, lanes);
        b = input("b", operand, lanes);
        lt = output("lt", SignalType.BIT, lanes);
        eq = output("eq", SignalType.BIT, lanes);
        gt = output("gt", SignalType.BIT, lanes);
        compare = action("compare");
    }

    @Override
    public String typeName() {
        return "Comparator";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            int c = Long.compare(getHigh(a, l), getHigh(b, l));
            if (c == 0) {
                c = Long.compareUnsigned(get(a, l), get(b, l));
            }
            set(lt, l, c < 0 ? 1 : 0);
            set(eq, l, c == 0 ? 1 : 0);
            set(gt, l, c > 0 ? 1 : 0);
        }
        count(compare, lanes);
    }
}
