package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** Selects input {@code in<sel>} lane by lane; a select beyond the last input gives zero. */
public final class Mux extends Hardware {
    public static final Kind KIND = new Kind("Mux", Group.ADDER, "sel, in0..in{inputs-1} -> out",
            ParamSpec.typed(SignalType.MAX_WIDTH, ParamSpec.integer("inputs", 2L, 2, 256, "data inputs")),
            (n, p) -> new Mux(n, p.type(), p.intValue("lanes"), p.intValue("inputs")));

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
    public Kind kind() {
        return KIND;
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

    @Override
    public Levels levels() {
        return Levels.through(Levels.mux((int) ports().stream().filter(p -> p.name().matches("in\\d+")).count()));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double logic = tech.logicPjPerGe();
        int w = width("out");
        int inputs = (int) ports().stream().filter(p -> p.name().matches("in\\d+")).count();
        double ge = (double) w * (inputs - 1) * tech.mux2Ge();
        return new Shape(lanes * ge, ge * logic, w / 2.0, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int inputs = (int) ports().stream().filter(p -> p.name().matches("in\\d+")).count();
        StringBuilder e = new StringBuilder("  assign out = ");
        for (int i = 0; i < inputs; i++) {
            e.append("sel == ").append(i).append(" ? in").append(i).append(" : ");
        }
        return e.append("0;\n").toString();
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.line("long select = " + e.in(sel, "0") + ";");
        e.forLanes(lanes, () -> {
            for (int i = 0; i < in.length; i++) {
                e.line((i == 0 ? "" : "} else ") + "if (select == " + i + ") {");
                e.writeWide(out, "l", e.in(in[i], "l"), e.inHigh(in[i], "l"));
            }
            e.line("} else {");
            e.writeWide(out, "l", "0L", "0L");
            e.line("}");
        });
        e.line(e.count(select, lanes));
        return true;
    }
}
