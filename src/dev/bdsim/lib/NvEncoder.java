package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.Rounding;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * NVFP4's element encoder, lane by lane: the FP16 value {@code x} over the block scale
 * {@code s_b s_t} ({@code field}, E4M3, times {@code tensor_scale}, FP32), rounded to the nearest
 * E2M1 value (ties to the even code, or away), saturating at 6; a block scale of zero gives zero
 * codes, and zero is encoded positive. In hardware: once per block the seven E2M1 midpoints times
 * {@code s_b s_t} (a 4 x 24-bit product, the constants' shift-adds) rounded up to FP16, so that
 * per lane seven 15-bit compares of the FP16 magnitude (and an equality for the ties) give the code.
 */
public final class NvEncoder extends Hardware {
    public static final Kind KIND = new Kind("NvEncoder", Group.CONTROL,
            "x (FP16, per lane), field (E4M3 block scale), tensor_scale (FP32 bits) -> code: the E2M1 element of x / (s_b s_t)",
            List.of(ParamSpec.string("ties", "even", List.of("even", "away"), "halfway values to the even code or away from zero"),
                    ParamSpec.lanes()),
            (n, p) -> new NvEncoder(n, p.string("ties").equals("away") ? Rounding.NEAREST_AWAY : Rounding.NEAREST_EVEN,
                    p.intValue("lanes"))).withExample(Map.of());

    /** The E2M1 midpoints in units of 1/4: (U_k + U_k+1) for the magnitudes 0, 1/2, 1, ..., 6 in units of 1/2. */
    private static final int[] MIDPOINTS = {1, 3, 5, 7, 10, 14, 20};

    private final Rounding rounding;
    private final Port x;
    private final Port field;
    private final Port tensorScale;
    private final Port code;
    private final int lanes;
    private final int encode;

    public NvEncoder(String name, Rounding rounding, int lanes) {
        super(name);
        this.rounding = rounding;
        this.lanes = lanes;
        x = input("x", SignalType.unsigned(16), lanes);
        field = input("field", SignalType.unsigned(8), 1);
        tensorScale = input("tensor_scale", SignalType.unsigned(32), 1);
        code = output("code", SignalType.unsigned(4), lanes);
        encode = action("encode");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        int st = (int) get(tensorScale);
        // S T once per block: the lanes share it
        long sb = NvScale.units((int) get(field) & 0x7f);
        java.math.BigInteger scale = java.math.BigInteger.valueOf(sb).multiply(java.math.BigInteger.valueOf((1L << 23) | (st & 0x7fffff)));
        for (int l = 0; l < lanes; l++) {
            set(code, l, code((int) get(x, l), scale, (st >>> 23) & 0xff, rounding));
        }
        count(encode, lanes);
    }

    /**
     * The rule in integers, as the Verilog computes it, over {@code scale = S T}: {@code x = A 2^ea}, {@code s_b = S 2^-9} (the
     * field's magnitude bits), {@code s_t = T 2^(et - 150)}, and {@code x > mid_k s_b s_t} with {@code mid_k = M_k 2^-2} exactly when
     * {@code A 2^(ea + 136 - et) > M_k S T}; NaN and infinities saturate (they never reach a quantizer: the inputs are checked).
     * For a block scale NvScale gives and a positive normal {@code s_t} this is {@code E2M1.encode(x, s_b s_t)}, zero codes for
     * {@code s_b = 0} (tested on every shipped trace and on midpoints).
     */
    static int code(int h, java.math.BigInteger scale, int et, Rounding rounding) {
        int e = (h >> 10) & 31;
        long a = (e != 0 ? 1024 : 0) | (h & 1023);
        int s = (e != 0 ? e : 1) + 136 - et;
        java.math.BigInteger lhs = java.math.BigInteger.valueOf(a).shiftLeft(Math.max(s, 0));
        int k = 0;
        for (int j = 0; j < MIDPOINTS.length; j++) {
            java.math.BigInteger rhs = scale.multiply(java.math.BigInteger.valueOf(MIDPOINTS[j])).shiftLeft(Math.max(-s, 0));
            int cmp = lhs.compareTo(rhs);
            if (cmp > 0 || cmp == 0 && (rounding == Rounding.NEAREST_AWAY || j % 2 == 1)) {
                k = j + 1;
            }
        }
        if (e == 31) {
            k = 7;
        }
        if (scale.signum() == 0) {
            k = 0;
        }
        return (h & 0x8000) != 0 && k != 0 ? 8 | k : k;
    }

    @Override
    public Levels levels() {
        // the block's thresholds (a 4 x 24 product, a constant's shift-add, the rounding up to FP16), then per lane a 15-bit
        // compare and the code's assembly
        return Levels.through(Levels.add(28) + Levels.add(31) + 5 * Levels.mux(2) + Levels.add(15) + 3);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double fa = tech.fullAdderGe();
        // once per block: the 4 x 24 product of the significands (96 AND, 72 full adders); per midpoint its constant's
        // shift-add (two 31-bit adds) and the rounding up to FP16 (a 31-bit leading one, a 5-stage shift of 11 bits, a
        // sticky OR and an 11-bit increment); per lane: seven 15-bit compares, seven 15-bit equalities, the code from the
        // thermometer and the tie rule, the sign gate
        double block = 96 * tech.andGe() + 72 * fa + MIDPOINTS.length * (2 * 31 * fa + 31 * 2 * tech.andGe() + 11 * 5 * tech.mux2Ge()
                + 31 * tech.andGe() + 11 * tech.halfAdderGe());
        double lane = MIDPOINTS.length * (15 * fa + 15 * (tech.xorGe() + tech.andGe())) + 12 * tech.andGe() + tech.andGe();
        return new Shape(block + lanes * lane, lane * tech.logicPjPerGe(), 2, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        // x = A 2^ea, s_b = S 2^-9, s_t = T 2^(et - 150): x > mid_k s_b s_t with mid_k = M_k 2^-2 exactly when
        // A 2^s > M_k S T, s = ea + 136 - et. For S > 0 the right side is at least T >= 2^23 > A and below 2^47: for s < 0 no
        // midpoint is passed, and a shift beyond 47 passes them all as a shift of 47 does
        StringBuilder mids = new StringBuilder("  function [4:0] mid(input integer k);\n    case (k)");
        for (int k = 0; k < MIDPOINTS.length; k++) {
            mids.append(' ').append(k).append(": mid = ").append(MIDPOINTS[k]).append(';');
        }
        mids.append(" default: mid = 0;\n    endcase\n  endfunction\n");
        String body = "    wire [15:0] c = " + Verilog.lane("x", 16) + ";\n"
                + "    wire [4:0] e = c[14:10];\n    wire [10:0] a = {e != 0, c[9:0]};\n"
                + "    reg [57:0] lhs, rhs;\n    reg [2:0] k;\n    integer j, s;\n"
                + "    always @* begin\n      s = (e != 0 ? e : 1) + 136 - et;\n"
                + "      lhs = s < 0 ? 58'd0 : {47'd0, a} << (s > 47 ? 47 : s);\n      k = 0;\n"
                + "      for (j = 0; j < 7; j = j + 1) begin\n"
                + "        rhs = mid(j) * st;\n"
                + "        if (s >= 0 && (lhs > rhs || (lhs == rhs && " + (rounding == Rounding.NEAREST_AWAY ? "1'b1" : "j % 2 == 1") + "))) k = j + 1;\n"
                + "      end\n      if (e == 31) k = 7;\n      if (sb == 0) k = 0;\n    end\n"
                + "    assign " + Verilog.lane("code", 4) + " = {c[15] & (k != 0), k};\n";
        return NvScale.unitsFunction() + mids
                + "  wire [7:0] et = tensor_scale[30:23];\n  wire [23:0] t = {1'b1, tensor_scale[22:0]};\n"
                + "  wire [31:0] sb = units(field[6:0]);\n  wire [41:0] st = sb * t;\n"
                + Verilog.forLanes(lanes, body);
    }
}
