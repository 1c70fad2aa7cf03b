package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Locale;

/** Bitwise {@code and}, {@code or}, {@code xor} of two operands, or {@code not} of one, lane by lane. */
public final class Logic extends Hardware {
    /** Created by expressions only, never by name. */
    public static final Kind KIND = new Kind("Logic", Group.CONTROL, "",
            List.of(),
            null);

    /** An operator: its value on 64-bit words, its Verilog expression, and the gate each bit costs. */
    public enum Op {
        AND("a & b") {
            @Override
            long apply(long x, long y) {
                return x & y;
            }
        },
        OR("a | b") {
            @Override
            long apply(long x, long y) {
                return x | y;
            }
        },
        XOR("a ^ b") {
            @Override
            long apply(long x, long y) {
                return x ^ y;
            }

            @Override
            double gateGe(TechLibrary tech) {
                return tech.xorGe();
            }
        },
        NOT("~a") {
            @Override
            long apply(long x, long y) {
                return ~x;
            }
        };

        private final String verilog;

        Op(String verilog) {
            this.verilog = verilog;
        }

        abstract long apply(long x, long y);

        /** The operator as a Java expression over two 64-bit words. */
        String java(String x, String y) {
            return switch (this) {
                case AND -> x + " & " + y;
                case OR -> x + " | " + y;
                case XOR -> x + " ^ " + y;
                case NOT -> "~" + x;
            };
        }

        double gateGe(TechLibrary tech) {
            return tech.andGe();
        }
    }

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
        action = action(op.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            long yl = b == null ? 0 : get(b, l);
            long yh = b == null ? 0 : getHigh(b, l);
            setWide(y, l, op.apply(get(a, l), yl), op.apply(getHigh(a, l), yh));
        }
        count(action, lanes);
    }

    @Override
    public Levels levels() {
        return Levels.through(op == Op.XOR ? 2 : 1);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int w = width("y");
        return Shape.logic(tech, lanes, w * op.gateGe(tech), w / 2.0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        return "  assign y = " + op.verilog + ";\n";
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.forLanes(lanes, () -> {
            e.line("long x = " + e.in(a, "l") + "; long xh = " + e.inHigh(a, "l") + "; long y = " + (b == null ? "0L" : e.in(b, "l"))
                    + "; long yh = " + (b == null ? "0L" : e.inHigh(b, "l")) + ";");
            e.writeWide(y, "l", op.java("x", "y"), op.java("xh", "yh"));
        });
        e.line(e.count(action, lanes));
        return true;
    }
}
