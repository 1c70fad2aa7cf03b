package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * Lane-wise shift of {@code a} by {@code amount} bits into a result of {@code width} bits: left, or
 * right (arithmetic when signed). {@code a} may be narrower ({@code a_bits}): it is sign- or
 * zero-extended to the width first, which the hardware does with wires. Results up to 128 bits.
 */
public final class Shifter extends Hardware {
    public static final Kind KIND = new Kind("Shifter", Group.ADDER,
            "a, amount -> y, logical left or arithmetic/logical right by signedness",
            ParamSpec.typed(SignalType.MAX_WIDTH,
                    ParamSpec.string("dir", "left", List.of("left", "right"), "shift direction"),
                    ParamSpec.integer("amount_bits", 6L, 1, 7, "bits of the shift amount"),
                    ParamSpec.integer("a_bits", 0L, 0, SignalType.MAX_WIDTH, "bits of a, extended to width by the signedness; 0: width")),
            (n, p) -> new Shifter(n, p.type(), p.intValue("lanes"), p.string("dir").equals("left"), p.intValue("amount_bits"),
                    p.intValue("a_bits") == 0 ? p.intValue("width") : p.intValue("a_bits")));

    private final Port a;
    private final Port amount;
    private final Port y;
    private final int lanes;
    private final boolean left;
    private final int width;
    private final boolean signed;
    private final int shift;

    public Shifter(String name, SignalType operand, int lanes, boolean left, int amountBits, int aBits) {
        super(name);
        if (operand.width() > 128) {
            throw new IllegalArgumentException("Shifter operands are at most 128 bits, got " + operand.width());
        }
        if (aBits > operand.width()) {
            throw new IllegalArgumentException("a_bits = " + aBits + " is wider than the result's width = " + operand.width());
        }
        this.lanes = lanes;
        this.left = left;
        this.width = operand.width();
        this.signed = operand.signed();
        a = input("a", new SignalType(aBits, operand.signed()), lanes);
        amount = input("amount", SignalType.unsigned(amountBits), lanes);
        y = output("y", operand, lanes);
        shift = action("shift");
    }

    @Override
    public Kind kind() {
        return KIND;
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
            long hi = width("a") > 64 ? getHigh(a, l) : signed ? lo >> 63 : 0;
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

    /** Multiplexer stages: one per amount bit, up to the width's; larger amounts are detected apart. */
    private int stages() {
        return Math.min(width("amount"), 32 - Integer.numberOfLeadingZeros(width("y") - 1));
    }

    private boolean detectsOverflow() {
        return stages() < width("amount");
    }

    @Override
    public Levels levels() {
        return Levels.through(2.0 * stages() + (detectsOverflow() ? 2 : 0));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int w = width("y");
        int significant = width("a");
        boolean fillZero = left || !signed;
        // stage k moves by 2^k: a result bit either side of which only the fill or a zero can arrive is an
        // AND gate, a bit whose two candidates are both the fill (zeros, or copies of a signed value's sign)
        // is a wire, the rest are 2:1 multiplexers; the stages are a tree of multiplexers
        double muxes = 0;
        double ands = 0;
        for (int k = 0; k < stages(); k++) {
            int step = 1 << k;
            int live = left ? Math.min(w, significant + 2 * step - (signed ? 2 : 1)) : Math.min(w, significant);
            int gated = left || !signed ? Math.min(step, live) : 0;
            ands += gated;
            muxes += live - gated;
        }
        double ge = muxes * tech.muxTreeGe() + ands * tech.muxTreeGateGe();
        if (detectsOverflow()) {
            ge += (width("amount") - stages()) * tech.andGe() + w * (fillZero ? tech.muxTreeGateGe() : tech.muxTreeGe());
        }
        return new Shape(maxLanes() * ge, ge * tech.logicPjPerGe(), w / 2.0, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wy = width("y");
        int wa = width("a");
        int wn = width("amount");
        String extended = Verilog.extend("a", "l", wa, wy, signed);
        String n = Verilog.lane("amount", wn);
        // the arithmetic shift stays in its own signed wire: inside ?: an unsigned branch would make it logical
        String shifted = left ? "x << " + n : signed ? "x >>> " + n : "x >> " + n;
        String over = left || !signed ? wy + "'d0" : "{" + wy + "{x[" + (wy - 1) + "]}}";
        return Verilog.forLanes(lanesOf("a"), "    wire signed [" + (wy - 1) + ":0] x = " + extended + ";\n    wire [" + (wy - 1)
                + ":0] shifted = " + shifted + ";\n    assign " + Verilog.lane("y", wy) + " = " + n + " >= " + wy + " ? " + over + " : shifted;\n");
    }
}
