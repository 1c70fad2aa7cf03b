package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.fp16.Fp16;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * Lane-wise FP16 arithmetic rounded once to FP16 (nearest even, saturating at ±65504; no infinities: the top exponent
 * field is an ordinary binade), as {@link Fp16#add} and {@link Fp16#mul} define it: {@code y = a + b}, {@code a - b} or
 * {@code a · b}. The weight decoders of weight-only formats use it (a level times a block scale, a code less a zero point,
 * two codebook entries added).
 */
public final class Fp16Arith extends Hardware {
    public static final Kind KIND = new Kind("Fp16Arith", Group.DECODER, "a, b (FP16) -> y = a + b, a - b or a * b, rounded once to FP16",
            List.of(ParamSpec.string("op", null, List.of("add", "sub", "mul"), "the operation"), ParamSpec.lanes()),
            (n, p) -> new Fp16Arith(n, p.string("op"), p.intValue("lanes"))).withExample(Map.of("op", "mul"));

    private final Port a;
    private final Port b;
    private final Port y;
    private final String op;
    private final int lanes;
    private final int operation;

    public Fp16Arith(String name, String op, int lanes) {
        super(name);
        this.op = op;
        this.lanes = lanes;
        a = input("a", SignalType.unsigned(16), lanes);
        b = input("b", SignalType.unsigned(16), lanes);
        y = output("y", SignalType.unsigned(16), lanes);
        operation = action(op);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    /** The operation on two FP16 bit patterns. */
    public static short apply(String op, short a, short b) {
        return switch (op) {
            case "add" -> Fp16.add(a, b);
            case "sub" -> Fp16.add(a, (short) (b ^ 0x8000));
            default -> Fp16.mul(a, b);
        };
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            set(y, l, apply(op, (short) get(a, l), (short) get(b, l)) & 0xffff);
        }
        count(operation, lanes);
    }

    private boolean multiplies() {
        return op.equals("mul");
    }

    /**
     * The multiplier: an 11 × 11 significand array, the exponent add, a one-place normalisation, the subnormal shift
     * (four stages of 11 bits) and the rounding increment. The adder: exponent compare and operand swap, an alignment
     * shifter with sticky bit (four stages of 14 bits), a 14-bit add or subtract, a leading-zero count and normalising
     * shift, the rounding increment and the exponent adjust.
     */
    @Override
    public Shape shape(TechLibrary tech) {
        double fa = tech.fullAdderGe();
        double ha = tech.halfAdderGe();
        double mux = tech.mux2Ge();
        double ge;
        double pj;
        if (multiplies()) {
            ge = 121 * tech.andGe() + 100 * fa + 11 * ha + 6 * fa + 11 * mux + 4 * 11 * mux + 11 * ha + 15 * mux + 5 * tech.xorGe();
            pj = tech.multiplierPj(121, false) + 30 * tech.bitAddPj();
        } else {
            ge = 6 * fa + 30 * mux + 4 * 14 * mux + 14 * tech.andGe() + 14 * tech.xorGe() + 14 * fa + 14 * 2 * tech.andGe()
                    + 4 * 14 * mux + 11 * ha + 6 * fa + 15 * mux;
            pj = 40 * tech.bitAddPj();
        }
        return new Shape(lanes * ge, pj, 8, 0, 0);
    }

    @Override
    public Levels levels() {
        if (multiplies()) {
            return Levels.through(1 + Levels.reduce(11) + Levels.add(22) + Levels.mux(2) + 4 * Levels.mux(2) + Levels.add(11));
        }
        return Levels.through(Levels.add(6) + Levels.mux(2) + 4 * Levels.mux(2) + Levels.add(14) + Levels.log2(14) + 4 * Levels.mux(2)
                + Levels.add(11));
    }

    @Override
    public String verilogBody(String memoryFile) {
        StringBuilder v = new StringBuilder(ROUND_FP16);
        String operands = "    wire [15:0] ha = " + Verilog.lane("a", 16) + ";\n    wire [15:0] hb = " + Verilog.lane("b", 16) + ";\n";
        String body;
        if (multiplies()) {
            body = operands
                    + "    wire [10:0] ma = {ha[14:10] != 0, ha[9:0]};\n"
                    + "    wire [10:0] mb = {hb[14:10] != 0, hb[9:0]};\n"
                    + "    wire signed [8:0] e = (ha[14:10] == 0 ? 9'sd1 : $signed({4'd0, ha[14:10]}))"
                    + " + (hb[14:10] == 0 ? 9'sd1 : $signed({4'd0, hb[14:10]})) - 9'sd50;\n"
                    + "    wire [21:0] p = ma * mb;\n"
                    + "    assign " + Verilog.lane("y", 16) + " = fp16_round(ha[15] ^ hb[15], {21'd0, p}, e);\n";
        } else {
            body = operands
                    + "    wire sb = " + (op.equals("sub") ? "~hb[15]" : "hb[15]") + ";\n"
                    + "    wire signed [43:0] ua = " + units("ha", "ha[15]") + ";\n"
                    + "    wire signed [43:0] ub = " + units("hb", "sb") + ";\n"
                    + "    wire signed [43:0] sum = ua + ub;\n"
                    + "    wire [42:0] mag = sum < 0 ? -sum : sum;\n"
                    + "    assign " + Verilog.lane("y", 16) + " = sum == 0 ? {ha[15] & sb, 15'd0}"
                    + " : fp16_round(sum < 0, mag, -9'sd24);\n";
        }
        v.append(Verilog.forLanes(lanes, body));
        return v.toString();
    }

    /** A signed FP16 value in 2^-24 units: the significand shifted by its exponent field less one. */
    private static String units(String h, String sign) {
        String mag = "({33'd0, " + h + "[14:10] != 0, " + h + "[9:0]} << (" + h + "[14:10] == 0 ? 0 : " + h + "[14:10] - 1))";
        return "(" + sign + " ? -$signed(" + mag + ") : $signed(" + mag + "))";
    }

    /** value = (s ? -1 : 1) · mag · 2^e rounded once to FP16: nearest even, subnormals, saturating at ±65504. */
    private static final String ROUND_FP16 = """
              function [15:0] fp16_round(input s, input [42:0] mag, input signed [8:0] e);
                integer k;
                reg signed [9:0] top, unit, shift;
                reg [42:0] kept;
                reg [19:0] bits;
                reg round_bit, sticky;
                begin
                  if (mag == 0) fp16_round = {s, 15'd0};
                  else begin
                    top = 0;
                    for (k = 0; k < 43; k = k + 1) if (mag[k]) top = k;
                    top = top + e;
                    unit = top - 10 > -24 ? top - 10 : -24;
                    shift = unit - e;
                    if (shift > 0) begin
                      kept = mag >> shift;
                      round_bit = mag[shift - 1];
                      sticky = (mag & ((43'd1 << (shift - 1)) - 1)) != 0;
                    end else begin
                      kept = mag << -shift;
                      round_bit = 0;
                      sticky = 0;
                    end
                    bits = ((unit + 24) << 10) + kept[19:0] + (round_bit & (sticky | kept[0]));
                    fp16_round = {s, bits >= 20'h7c00 ? 15'h7bff : bits[14:0]};
                  end
                end
              endfunction
            """;
}
