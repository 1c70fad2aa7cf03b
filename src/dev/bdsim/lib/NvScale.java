package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.Rounding;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * NVFP4's E4M3 block scale (formats.md): {@code s_b = round_E4M3(amax / (6 s_t))} of the block's
 * largest FP16 magnitude {@code amax} over the per-tensor FP32 scale {@code tensor_scale}, to the
 * nearest E4M3 value (ties to the even code, or away), saturating at 448. The quotient is never
 * formed: {@code amax} is compared with the E4M3 midpoints times {@code 6 s_t}, exactly. In
 * hardware: {@code 6 T} from the FP32 significand (one add), the exponent difference picks the
 * binade, eight compares with the binade's midpoints times {@code 6 T} pick the significand.
 */
public final class NvScale extends Hardware {
    public static final Kind KIND = new Kind("NvScale", Group.CONTROL,
            "amax (FP16 magnitude bits), tensor_scale (FP32 bits) -> field: NVFP4's E4M3 block scale",
            List.of(ParamSpec.string("ties", "even", List.of("even", "away"), "halfway quotients to the even code or away from zero")),
            (n, p) -> new NvScale(n, p.string("ties").equals("away") ? Rounding.NEAREST_AWAY : Rounding.NEAREST_EVEN))
            .withExample(Map.of());

    private final Rounding rounding;
    private final Port amax;
    private final Port tensorScale;
    private final Port field;
    private final int scale;

    public NvScale(String name, Rounding rounding) {
        super(name);
        this.rounding = rounding;
        amax = input("amax", SignalType.unsigned(15), 1);
        tensorScale = input("tensor_scale", SignalType.unsigned(32), 1);
        field = output("field", SignalType.unsigned(8), 1);
        scale = action("scale");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        set(field, field((int) get(amax), (int) get(tensorScale), rounding));
        count(scale, 1);
    }

    /**
     * The rule in integers, as the Verilog computes it: {@code amax = A 2^ea}, {@code s_t = T 2^(et - 150)} (the FP32 bits taken
     * as a positive normal number, which every tensor scale is), and {@code amax > mid_c 6 s_t} with {@code mid_c = (U_c +
     * U_c+1) 2^-10} exactly when {@code A 2^(ea + 160 - et) > (U_c + U_c+1) 6 T}. For a positive normal {@code s_t} this is
     * {@code E4M3.encode(amax, 6 s_t)} (tested on every shipped trace and on midpoints).
     */
    static int field(int amax, int tensorScaleBits, Rounding rounding) {
        int e = (amax >> 10) & 31;
        long a = (e != 0 ? 1024 : 0) | (amax & 1023);
        long t = (1L << 23) | (tensorScaleBits & 0x7fffff);
        int s = (e != 0 ? e : 1) + 135 - ((tensorScaleBits >>> 23) & 0xff);
        java.math.BigInteger lhs = java.math.BigInteger.valueOf(a).shiftLeft(Math.max(s, 0));
        int idx = 0;
        for (int c = 0; c < 126; c++) {
            java.math.BigInteger rhs = java.math.BigInteger.valueOf((units(c) + units(c + 1)) * 6 * t).shiftLeft(Math.max(-s, 0));
            int cmp = lhs.compareTo(rhs);
            if (cmp > 0 || cmp == 0 && (rounding == Rounding.NEAREST_AWAY || c % 2 == 1)) {
                idx = c + 1;
            }
        }
        return idx;
    }

    /** An E4M3 magnitude code's value in units of 2^-9, by its bits (127, the NaN code, as the pattern gives it). */
    static long units(int c) {
        int e = (c >> 3) & 15;
        int m = c & 7;
        return e == 0 ? m : (long) (8 | m) << (e - 1);
    }

    @Override
    public Levels levels() {
        // 6T (a 26-bit add), the exponent difference, a midpoint product (a 30-bit add) and its compare, the code's assembly
        return Levels.through(Levels.add(26) + Levels.add(30) + Levels.add(30) + 3);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double fa = tech.fullAdderGe();
        // 6T (26 full adders), the 8-bit exponent difference, the binade's eight midpoints times 6T (two 30-bit adds each,
        // the midpoints' significands being constants of up to five bits) and their compares with amax aligned (30 bits
        // each, its shift a 5-stage multiplexer), the code's assembly and the saturation
        double ge = 26 * fa + 8 * fa + 8 * 2 * 30 * fa + 8 * 30 * fa + 30 * 5 * tech.mux2Ge() + 16 * tech.mux2Ge();
        return Shape.logic(tech, 1, ge, 4);
    }

    /** The Verilog function {@code units(c)}: an E4M3 magnitude code's value in units of 2^-9. */
    static String unitsFunction() {
        return "  function [31:0] units(input [6:0] c);\n    units = c[6:3] == 0 ? c[2:0] : ({29'd1, c[2:0]} | 32'd8) << (c[6:3] - 1);\n"
                + "  endfunction\n";
    }

    @Override
    public String verilogBody(String memoryFile) {
        // amax = A 2^ea and s_t = T 2^(et - 150): amax > mid_c 6 s_t with mid_c = (U_c + U_c+1) 2^-10 exactly when
        // A 2^s > (U_c + U_c+1) 6 T, s = ea + 160 - et. The right side is at least 6 T >= 6 2^23 > A and below 2^46: for s < 0
        // no midpoint is passed, and a shift beyond 46 passes them all as a shift of 46 does
        return unitsFunction()
                + "  function [21:0] mid6(input [6:0] c);\n    mid6 = (units(c) + units(c + 1)) * 6;\n  endfunction\n"
                + "  wire [4:0] e = amax[14:10];\n  wire [10:0] a = {e != 0, amax[9:0]};\n"
                + "  wire [7:0] et = tensor_scale[30:23];\n  wire [23:0] t = {1'b1, tensor_scale[22:0]};\n"
                + "  reg [56:0] lhs, rhs;\n  reg [7:0] idx;\n  integer c, s;\n"
                + "  always @* begin\n    s = (e != 0 ? e : 1) + 135 - et;\n    lhs = s < 0 ? 57'd0 : {46'd0, a} << (s > 46 ? 46 : s);\n"
                + "    idx = 0;\n    for (c = 0; c < 126; c = c + 1) begin\n"
                + "      rhs = mid6(c) * t;\n"
                + "      if (s >= 0 && (lhs > rhs || (lhs == rhs && " + (rounding == Rounding.NEAREST_AWAY ? "1'b1" : "c % 2 == 1") + "))) idx = c + 1;\n"
                + "    end\n  end\n  assign field = idx;\n";
    }
}
