package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/** Lane-wise magnitude of a signed {@code a}: {@code y = |a|}, unsigned and as wide as {@code a} (|-2^(w-1)| fits). */
public final class Abs extends Hardware {
    public static final Kind KIND = new Kind("Abs", Group.ADDER, "a (signed) -> y = |a| (unsigned, as wide)",
            List.of(ParamSpec.width(64), ParamSpec.lanes()),
            (n, p) -> new Abs(n, p.intValue("width"), p.intValue("lanes")));

    private final Port a;
    private final Port y;
    private final int lanes;
    private final int abs;

    public Abs(String name, int width, int lanes) {
        super(name);
        this.lanes = lanes;
        a = input("a", SignalType.signed(width), lanes);
        y = output("y", SignalType.unsigned(width), lanes);
        abs = action("abs");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            set(y, l, Math.abs(get(a, l)));
        }
        count(abs, lanes);
    }

    @Override
    public Levels levels() {
        // conditional negation: the OR of the lower bits (a prefix), then the AND and the XOR
        return Levels.through(2 + Levels.add(width("a")));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        return Shape.logic(tech, lanes, negationGe(width("a"), tech), width("a") / 2.0);
    }

    /**
     * A conditional negation of {@code w} bits as synthesis builds it, without an increment: negating keeps the bits up to
     * the lowest one set and inverts the rest, so bit i is x_i XOR (neg AND (x_0 OR ... OR x_{i-1})): w - 1 XORs and ANDs,
     * and w - 2 ORs of the prefix, a chain of gates whose inversions fold into one another (tree gates).
     */
    static double negationGe(int w, TechLibrary tech) {
        return w < 2 ? 0 : (w - 1) * (tech.xorGe() + tech.andGe()) + (w - 2) * tech.muxTreeGateGe();
    }

    @Override
    public String verilogBody(String memoryFile) {
        int w = width("a");
        return Verilog.forLanes(lanes, "    wire [" + (w - 1) + ":0] x = " + Verilog.lane("a", w) + ";\n    assign "
                + Verilog.lane("y", w) + " = x[" + (w - 1) + "] ? -x : x;\n");
    }
}
