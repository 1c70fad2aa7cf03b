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
 * Lane-wise shift of {@code a} by {@code amount} bits, result as wide as {@code a}: left, or right
 * (arithmetic when {@code a} is signed). Operands up to 128 bits.
 */
public final class Shifter extends Hardware {
    public static final Kind KIND = new Kind("Shifter", Group.ADDER,
            "a, amount -> y, logical left or arithmetic/logical right by signedness",
            ParamSpec.typed(SignalType.MAX_WIDTH,
                    ParamSpec.string("dir", "left", List.of("left", "right"), "shift direction"),
                    ParamSpec.integer("amount_bits", 6L, 1, 7, "bits of the shift amount")),
            (n, p) -> new Shifter(n, p.type(), p.intValue("lanes"), p.string("dir").equals("left"), p.intValue("amount_bits")));

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

    @Override
    public Levels levels() {
        return Levels.through(2.0 * width("amount"));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double logic = tech.logicPjPerGe();
        int w = width("y");
        double ge = (double) w * width("amount") * tech.mux2Ge();
        return new Shape(lanes * ge, ge * logic, w / 2.0, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wa = width("a");
        int wn = width("amount");
        boolean left = left();
        String a = Verilog.lane("a", wa);
        String n = Verilog.lane("amount", wn);
        // the arithmetic shift stays in its own signed wire: inside ?: an unsigned branch would make it logical
        String shifted = left ? a + " << " + n : signedPort("a") ? "x >>> " + n : a + " >> " + n;
        String over = left || !signedPort("a") ? wa + "'d0" : "{" + wa + "{a[l*" + wa + " + " + (wa - 1) + "]}}";
        return Verilog.forLanes(lanesOf("a"), "    wire signed [" + (wa - 1) + ":0] x = " + a + ";\n    wire [" + (wa - 1) + ":0] shifted = "
                + shifted + ";\n    assign " + Verilog.lane("y", wa) + " = " + n + " >= " + wa + " ? " + over + " : shifted;\n");
    }
}
