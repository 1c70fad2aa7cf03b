package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
import dev.bdsim.cost.TableProduct;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * Lane-wise exact product {@code p = a * b}, {@code a_bits + b_bits} wide (at most 64). With
 * {@code negate} a per-lane {@code neg} input makes it a sign-magnitude multiplier:
 * {@code p = neg ? -(a * b) : a * b}, signed.
 */
public final class Multiplier extends Hardware implements TableProduct {
    public static final Kind KIND = new Kind("Multiplier", Group.MULTIPLIER, "a, b -> p (a_bits + b_bits wide), lane by lane",
            List.of(ParamSpec.integer("a_bits", null, 1, 63, "bits of a"),
                    ParamSpec.integer("a_signed", 0L, 0, 1, "1 if a is signed"),
                    ParamSpec.integer("b_bits", null, 1, 63, "bits of b"),
                    ParamSpec.integer("b_signed", 0L, 0, 1, "1 if b is signed"),
                    ParamSpec.integer("negate", 0L, 0, 1, "1 adds a per-lane `neg` input: p = neg ? -(a*b) : a*b"),
                    ParamSpec.lanes()),
            (n, p) -> new Multiplier(n, new SignalType(p.intValue("a_bits"), p.flag("a_signed")),
                    new SignalType(p.intValue("b_bits"), p.flag("b_signed")), p.intValue("lanes"), p.flag("negate"))).withExample(Map.of("a_bits", 4L, "b_bits", 4L, "negate", 1L));

    private final Port a;
    private final Port b;
    private final Port neg;
    private final Port p;
    private final int lanes;
    private final int multiply;
    private final long aMask;
    private final long bMask;
    /** Each lane's operand bits at its last evaluation, from which the partial products that flipped are counted. */
    private final long[] lastA;
    private final long[] lastB;

    public Multiplier(String name, SignalType aType, SignalType bType, int lanes, boolean negate) {
        super(name);
        boolean signed = aType.signed() || bType.signed();
        int width = aType.width() + bType.width() + (negate && !signed ? 1 : 0);
        if (width > 64) {
            throw new IllegalArgumentException("Multiplier products are at most 64 bits, got " + width);
        }
        this.lanes = lanes;
        a = input("a", aType, lanes);
        b = input("b", bType, lanes);
        neg = negate ? input("neg", SignalType.BIT, lanes) : null;
        p = output("p", new SignalType(width, signed || negate), lanes);
        multiply = action("multiply");
        aMask = aType.mask();
        bMask = bType.mask();
        lastA = new long[lanes];
        lastB = new long[lanes];
    }

    /**
     * The partial products {@code a_i & b_j} that flip when the operand bits go from {@code a0, b0} to {@code a1, b1}: a row
     * whose bit of a stays set flips where b flips, a row whose bit of a is set or cleared flips where its b is set.
     */
    public static long partialProductToggles(long a0, long b0, long a1, long b1) {
        return Long.bitCount(a0 & a1) * (long) Long.bitCount(b0 ^ b1) + Long.bitCount(a1 & ~a0) * (long) Long.bitCount(b1)
                + Long.bitCount(a0 & ~a1) * (long) Long.bitCount(b0);
    }

    private long operandFlips(int l) {
        long x = get(a, l) & aMask;
        long y = get(b, l) & bMask;
        long flips = partialProductToggles(lastA[l], lastB[l], x, y);
        lastA[l] = x;
        lastB[l] = y;
        return flips;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        long flips = 0;
        for (int l = 0; l < lanes; l++) {
            flips += operandFlips(l);
        }
        stateToggles(flips);
        if (neg == null) {
            for (int l = 0; l < lanes; l++) {
                set(p, l, get(a, l) * get(b, l));
            }
        } else {
            for (int l = 0; l < lanes; l++) {
                long product = get(a, l) * get(b, l);
                set(p, l, get(neg, l) != 0 ? -product : product);
            }
        }
        count(multiply, lanes);
    }

    @Override
    public Levels levels() {
        // the partial products' AND, their carry-save reduction, the final add, then the conditional negation's XOR
        return Levels.through(1 + Levels.reduce(Math.min(width("a"), width("b"))) + Levels.add(width("p")) + (port("neg") != null ? 2 : 0));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double fa = tech.fullAdderGe();
        int a = width("a");
        int b = width("b");
        int p = width("p");
        boolean negate = port("neg") != null;
        // an array multiplier: a x b partial-product ANDs summed by (a - 1) x b adders, min(a, b) of them half adders (signed
        // operands as Baugh-Wooley, the same count); a conditional negation inverts the product bits and adds its one
        // through the array's free carry-in
        int adders = (a - 1) * b;
        int half = Math.min(Math.min(a, b), adders);
        double andPlane = (double) a * b * tech.andGe();
        double addArray = (adders - half) * fa + half * tech.halfAdderGe();
        double ge = andPlane + addArray + (negate ? p * tech.xorGe() : 0);
        double arrayPj = tech.multiplierPj(a * b, signedPort("a") || signedPort("b"));
        double negatePj = negate ? p * tech.xorGe() * tech.logicPjPerGe() : 0;
        double pj = arrayPj + negatePj;
        // the AND plane and the negation switch with the operand bits that flip, the adders with the partial products that
        // flip (on random operands a partial product is 1 with probability 1/4, so it flips in 2 * 1/4 * 3/4 of the actions);
        // the array's energy is shared between its AND plane and its adders as their area
        double nodeShare = arrayPj * addArray / (andPlane + addArray) / pj;
        return new Shape(lanes * ge, pj, p / 2.0, 0, 0).drivenBy(
                new Shape.Switching(Shape.Toggles.INPUTS, 1 - nodeShare, (a + b + (negate ? 1 : 0)) / 2.0),
                new Shape.Switching(Shape.Toggles.INTERNAL_NODES, nodeShare, a * b * 3 / 8.0));
    }

    @Override
    public Port a() {
        return a;
    }

    @Override
    public Port b() {
        return b;
    }

    /**
     * The product of the operands' values as one table of the two codes; a conditional negation after it as a magnitude's
     * (there is no array whose carry-in adds its one).
     */
    @Override
    public double tableProductGe(long[] aTable, int aBits, long[] bTable, int bBits, TechLibrary tech) {
        int bits = Math.min(width("a") + width("b"), width("p"));
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        long[] product = new long[1 << (aBits + bBits)];
        for (int x = 0; x < 1 << aBits; x++) {
            for (int w = 0; w < 1 << bBits; w++) {
                product[x << bBits | w] = aTable[x] * bTable[w] & mask;
            }
        }
        return TableLogic.ge(product, aBits + bBits, bits, tech) + (neg != null ? Abs.negationGe(width("p"), tech) : 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wa = width("a");
        int wb = width("b");
        int wp = width("p");
        // operands at their own widths, so synthesis builds an a x b array: a signed product of signed operands (an unsigned
        // operand of a mixed product gets one 0 bit), or an unsigned product
        boolean sa = signedPort("a");
        boolean sb = signedPort("b");
        StringBuilder e = new StringBuilder();
        if (sa || sb) {
            e.append(operand("x", "a", wa, sa)).append(operand("y", "b", wb, sb)).append(signedProduct(sa ? wa : wa + 1, sb ? wb : wb + 1, wp));
        } else {
            e.append("    wire [").append(wp - 1).append(":0] full = ").append(Verilog.lane("a", wa)).append(" * ").append(Verilog.lane("b", wb)).append(";\n");
        }
        String v = port("neg") == null ? "full" : "(neg[l] ? -full : full)";
        e.append("    wire [").append(wp - 1).append(":0] product = ").append(v).append(";\n    assign ").append(Verilog.lane("p", wp)).append(" = product;\n");
        return Verilog.forLanes(lanesOf("a"), e.toString());
    }

    /**
     * The product {@code full} ({@code wp} bits) of the signed {@code x} ({@code n} bits) and {@code y} ({@code m} bits) as the
     * Baugh-Wooley array the area model prices: the partial products that pair one sign bit with a magnitude bit inverted,
     * three constant ones, every row an unsigned addend of an {@code n + m}-bit sum. (A signed {@code x * y} has synthesis
     * sign-extend both operands to the product's width, a fifth more cells at 8 x 8.)
     */
    private static String signedProduct(int n, int m, int wp) {
        if (n < 2 || m < 2) {
            return "    wire signed [" + (wp - 1) + ":0] full = x * y;\n";
        }
        int t = n + m;
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < m; j++) {
            String magnitudes = "(x[" + (n - 2) + ":0] & {" + (n - 1) + "{y[" + j + "]}})";
            String sign = "(x[" + (n - 1) + "] & y[" + j + "])";
            String row = j < m - 1 ? "~" + sign + ", " + magnitudes : sign + ", ~" + magnitudes;
            sum.append("({{").append(t - n).append("{1'b0}}, ").append(row).append("} << ").append(j).append(") + ");
        }
        java.math.BigInteger one = java.math.BigInteger.ONE;
        sum.append(Verilog.literal(t, one.shiftLeft(n - 1).add(one.shiftLeft(m - 1)).add(one.shiftLeft(t - 1))));
        String full = wp <= t ? "bw[" + (wp - 1) + ":0]" : "{{" + (wp - t) + "{bw[" + (t - 1) + "]}}, bw}";
        return "    wire [" + (t - 1) + ":0] bw = " + sum + ";\n    wire signed [" + (wp - 1) + ":0] full = " + full + ";\n";
    }

    private static String operand(String name, String port, int width, boolean signed) {
        return signed ? "    wire signed [" + (width - 1) + ":0] " + name + " = " + Verilog.lane(port, width) + ";\n"
                : "    wire signed [" + width + ":0] " + name + " = {1'b0, " + Verilog.lane(port, width) + "};\n";
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        String product = e.in(a, "l") + " * " + e.in(b, "l");
        boolean counting = e.recordsActivity();
        String lastOfA = counting ? e.bind(lastA) : null;
        String lastOfB = counting ? e.bind(lastB) : null;
        if (counting) {
            e.line("long flips = 0;");
        }
        e.forLanes(lanes, () -> {
            if (counting) {
                e.line("{ long x = " + e.in(a, "l") + " & " + aMask + "L; long y = " + e.in(b, "l") + " & " + bMask + "L;");
                e.line("flips += " + Multiplier.class.getName() + ".partialProductToggles(" + lastOfA + "[l], " + lastOfB + "[l], x, y); "
                        + lastOfA + "[l] = x; " + lastOfB + "[l] = y; }");
            }
            e.write(p, "l", neg == null ? product : "(" + e.in(neg, "l") + " != 0 ? -(" + product + ") : " + product + ")");
        });
        if (counting) {
            e.line(e.stateToggles("flips"));
        }
        e.line(e.count(multiply, lanes));
        return true;
    }
}
