package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.SignCopies;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * Lane-wise {@code s = a + b} or {@code s = a - b}, one bit wider than the operands so that it never
 * overflows. A difference is always signed. Operands up to 127 bits.
 */
public final class Adder extends Hardware implements SignCopies {
    public static final Kind KIND = new Kind("Adder", Group.ADDER, "a + b or a - b, one bit wider: a, b -> s",
            ParamSpec.typed(SignalType.MAX_WIDTH - 1, ParamSpec.string("op", "add", List.of("add", "sub"), "add or subtract")),
            (n, p) -> new Adder(n, p.type(), p.intValue("lanes"), p.string("op").equals("sub")));

    private final Port a;
    private final Port b;
    private final Port s;
    private final int lanes;
    private final boolean subtract;
    private final boolean wide;
    private final int op;
    /** Operand b when the netlist wrote a literal there (x + 3, x - 256): the structure is then an incrementer, not full adders. */
    private Long constant;

    public Adder(String name, SignalType operand, int lanes, boolean subtract) {
        super(name);
        if (operand.width() > 127) {
            throw new IllegalArgumentException("Adder operands are at most 127 bits, got " + operand.width());
        }
        this.lanes = lanes;
        this.subtract = subtract;
        SignalType sum = new SignalType(operand.width() + 1, operand.signed() || subtract);
        this.wide = sum.width() > 64;
        a = input("a", operand, lanes);
        b = input("b", operand, lanes);
        s = output("s", sum, lanes);
        op = action(subtract ? "subtract" : "add");
    }

    public boolean subtract() {
        return subtract;
    }

    /** Marks operand b as the literal {@code value}, for the cost formula; the behaviour reads b as always. */
    public void constantOperand(long value) {
        constant = value;
    }

    /**
     * Bits that need logic when b is a constant: from its lowest set bit (the bits below pass a through) to the top; each
     * is a half-adder-like cell (the constant bit fixes one input of a full adder). All bits otherwise.
     */
    private int activeBits() {
        int w = width("a");
        if (constant == null) {
            return w;
        }
        long c = subtract ? -constant : constant;
        long mask = w + 1 >= 64 ? -1L : (1L << (w + 1)) - 1;
        c &= mask;
        return c == 0 ? 0 : Math.max(0, w - Long.numberOfTrailingZeros(c));
    }

    /** The sum's range from the operands' types (and b's literal): the signed bits it needs, the rest sign copies. */
    @Override
    public int significantBits(Port out) {
        SignalType t = a.type();
        int w = s.type().width();
        if (!s.type().signed() || t.width() > 60) {
            return w;
        }
        long aLo = t.signed() ? -(1L << (t.width() - 1)) : 0;
        long aHi = t.signed() ? (1L << (t.width() - 1)) - 1 : (1L << t.width()) - 1;
        long bLo = constant != null ? constant : aLo;
        long bHi = constant != null ? constant : aHi;
        long lo = subtract ? aLo - bHi : aLo + bLo;
        long hi = subtract ? aHi - bLo : aHi + bHi;
        int bits = 1;
        while (bits < w && (lo < -(1L << (bits - 1)) || hi > (1L << (bits - 1)) - 1)) {
            bits++;
        }
        return bits;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            long x = get(a, l);
            long y = get(b, l);
            if (!wide) {
                set(s, l, subtract ? x - y : x + y);
                continue;
            }
            long xh = getHigh(a, l);
            long yh = getHigh(b, l);
            if (subtract) {
                long low = x - y;
                setWide(s, l, low, xh - yh - (Long.compareUnsigned(x, y) < 0 ? 1 : 0));
            } else {
                long low = x + y;
                setWide(s, l, low, xh + yh + (Long.compareUnsigned(low, x) < 0 ? 1 : 0));
            }
        }
        count(op, lanes);
    }

    @Override
    public Levels levels() {
        int bits = activeBits();
        return Levels.through(bits == 0 ? 0 : Levels.add(bits));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        int w = width("a");
        if (constant != null) {
            int bits = activeBits();
            double ratio = tech.halfAdderGe() / tech.fullAdderGe();
            return new Shape(lanes * bits * tech.halfAdderGe(), bits * tech.bitAddPj() * ratio, (bits + 1) / 2.0, 0, 0);
        }
        return new Shape(lanes * w * tech.fullAdderGe(), w * tech.bitAddPj(), (w + 1) / 2.0, 0, 0).drivenByInputs(w);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wa = width("a");
        boolean sg = signedPort("a");
        String op = subtract() ? " - " : " + ";
        return Verilog.forLanes(lanesOf("a"), "    assign " + Verilog.lane("s", wa + 1) + " = " + Verilog.extend("a", "l", wa, wa + 1, sg) + op
                + Verilog.extend("b", "l", wa, wa + 1, sg) + ";\n");
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.forLanes(lanes, () -> {
            e.line("long x = " + e.in(a, "l") + "; long y = " + e.in(b, "l") + ";");
            if (!wide) {
                e.write(s, "l", subtract ? "x - y" : "x + y");
            } else if (subtract) {
                e.writeWide(s, "l", "x - y", e.inHigh(a, "l") + " - " + e.inHigh(b, "l") + " - (Long.compareUnsigned(x, y) < 0 ? 1 : 0)");
            } else {
                e.line("long z = x + y;");
                e.writeWide(s, "l", "z", e.inHigh(a, "l") + " + " + e.inHigh(b, "l") + " + (Long.compareUnsigned(z, x) < 0 ? 1 : 0)");
            }
        });
        e.line(e.count(op, lanes));
        return true;
    }
}
