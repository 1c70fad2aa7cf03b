package dev.bdsim.hdl;

/**
 * Verilog functions for the FP32 accumulator, bit-exact with Java's float arithmetic: an integer
 * times a power of two rounded once to FP32 (round to nearest even, subnormals, overflow to
 * infinity), and the FP32 sum of two FP32 values computed exactly and rounded once. Infinities
 * add as IEEE 754 says; an invalid sum gives 0xffc00000 and a NaN operand comes back quieted,
 * as Java on x86-64 does.
 */
public final class Fp32Verilog {
    private Fp32Verilog() {}

    /** Bits of the exact magnitudes: two aligned FP32 significands span at most 24 + 254 bits. */
    static final int MW = 320;

    public static final String FUNCTIONS = """
              // value = (s ? -1 : 1) * mag * 2^e, rounded to FP32 (nearest even)
              function [31:0] round_fp32(input s, input [319:0] mag, input signed [15:0] e);
                integer k, lead, shift, biased;
                reg [31:0] field;
                reg [24:0] kept;
                reg round_bit, sticky;
                begin
                  if (mag == 0) round_fp32 = {s, 31'd0};
                  else begin
                    lead = 0;
                    for (k = 0; k < 320; k = k + 1) if (mag[k]) lead = k;
                    biased = lead + e + 127;
                    shift = biased >= 1 ? lead - 23 : -149 - e;
                    if (shift > 0) begin
                      kept = mag >> shift;
                      round_bit = (mag >> (shift - 1)) & 1'b1;
                      sticky = (mag << (320 - (shift - 1))) != 0;
                    end else begin
                      kept = mag << (-shift);
                      round_bit = 0;
                      sticky = 0;
                    end
                    field = biased >= 1 ? ((biased - 1) << 23) + kept : kept;
                    field = field + (round_bit & (sticky | kept[0]));
                    if (biased > 254 || field >= 32'h7f800000) field = 32'h7f800000;
                    round_fp32 = {s, field[30:0]};
                  end
                end
              endfunction

              function [31:0] scaled_to_fp32(input signed [127:0] p, input signed [15:0] e);
                reg [127:0] mag;
                begin
                  mag = p < 0 ? -p : p;
                  scaled_to_fp32 = round_fp32(p < 0, {192'd0, mag}, e);
                end
              endfunction

              function [31:0] fp32_add(input [31:0] a, input [31:0] b);
                integer ea, eb, emin;
                reg signed [330:0] x, y, sum;
                reg [319:0] mag;
                begin
                  if (a[30:23] == 8'hff && a[22:0] != 0) fp32_add = a | 32'h00400000;
                  else if (b[30:23] == 8'hff && b[22:0] != 0) fp32_add = b | 32'h00400000;
                  else if (a[30:23] == 8'hff && b[30:23] == 8'hff) fp32_add = a[31] == b[31] ? a : 32'hffc00000;
                  else if (a[30:23] == 8'hff) fp32_add = a;
                  else if (b[30:23] == 8'hff) fp32_add = b;
                  else begin
                    ea = a[30:23] == 0 ? 1 : a[30:23];
                    eb = b[30:23] == 0 ? 1 : b[30:23];
                    emin = ea < eb ? ea : eb;
                    x = {308'd0, a[30:23] != 0, a[22:0]};
                    y = {308'd0, b[30:23] != 0, b[22:0]};
                    x = x << (ea - emin);
                    y = y << (eb - emin);
                    sum = (a[31] ? -x : x) + (b[31] ? -y : y);
                    if (sum == 0) fp32_add = {a[31] & b[31], 31'd0};
                    else begin
                      mag = sum < 0 ? -sum : sum;
                      fp32_add = round_fp32(sum < 0, mag, emin - 150);
                    end
                  end
                end
              endfunction
            """;
}
