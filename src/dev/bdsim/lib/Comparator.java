package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** Lane-wise comparison of {@code a} and {@code b}: outputs {@code lt}, {@code eq}, {@code gt}. */
public final class Comparator extends Hardware {
    public static final Kind KIND = new Kind("Comparator", Group.CONTROL, "a, b -> lt, eq, gt",
            ParamSpec.typed(SignalType.MAX_WIDTH),
            (n, p) -> new Comparator(n, p.type(), p.intValue("lanes")));

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
    public Kind kind() {
        return KIND;
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

    @Override
    public Levels levels() {
        return Levels.through(Levels.add(width("a")));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        int w = width("a");
        return new Shape(lanes * w * tech.comparatorBitGe(), w * tech.comparatorBitGe() * tech.logicPjPerGe(), 1.5, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wa = width("a");
        String a = signedPort("a") ? "$signed(" + Verilog.lane("a", wa) + ")" : Verilog.lane("a", wa);
        String bb = signedPort("a") ? "$signed(" + Verilog.lane("b", wa) + ")" : Verilog.lane("b", wa);
        return Verilog.forLanes(lanesOf("a"), "    assign lt[l] = " + a + " < " + bb + ";\n    assign eq[l] = " + a + " == " + bb
                + ";\n    assign gt[l] = " + a + " > " + bb + ";\n");
    }
}
