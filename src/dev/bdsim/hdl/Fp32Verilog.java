package dev.bdsim.hdl;

/**
 * Verilog functions for the FP32 accumulator, bit-exact with Java's float arithmetic: a signed
 * integer times a power of two rounded once to FP32 (round to nearest even, subnormals, overflow
 * to infinity), and an FP32 adder as hardware builds one: operands ordered by magnitude, the
 * smaller aligned with guard, round and sticky bits, a 28-bit add or subtract, normalisation (a
 * right shift on carry, a leading-zero shift down to the subnormal range), round to nearest even.
 * Infinities add as IEEE 754 says; an invalid sum gives 0xffc00000 and a NaN operand comes back
 * quieted, as Java on x86-64 does.
 */
public final class Fp32Verilog {
    private Fp32Verilog() {}

    /** The functions, {@code scaled_to_fp32} taking integers of {@code pBits} bits. */
    public static String functions(int pBits) {
        int mw = Math.max(pBits, 26);
        return ("""
              // value = (s ? -1 : 1) * mag * 2^e, rounded to FP32 (nearest even)
              function [31:0] round_fp32(input s, input [MW-1:0] mag, input signed [15:0] e);
                integer k;
                reg [7:0] lead, amount;
                reg signed [17:0] biased, shift;
                reg [31:0] field;
                reg [24:0] kept;
                reg round_bit, sticky;
                begin
                  if (mag == 0) round_fp32 = {s, 31'd0};
                  else begin
                    lead = 0;
                    for (k = 0; k < MW; k = k + 1) if (mag[k]) lead = k;
                    biased = $signed({10'd0, lead}) + e + 127;
                    shift = biased >= 1 ? $signed({10'd0, lead}) - 23 : -149 - e;
                    if (shift > MW) begin
                      kept = 0;
                      round_bit = 0;
                      sticky = 1;
                    end else if (shift > 0) begin
                      amount = shift[7:0];
                      kept = mag >> amount;
                      round_bit = mag[amount - 1];
                      sticky = (mag & ((ONE << (amount - 1)) - 1)) != 0;
                    end else begin
                      amount = -shift;
                      kept = mag << amount;
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

              function [31:0] scaled_to_fp32(input signed [PW-1:0] p, input signed [15:0] e);
                reg [PW-1:0] mag;
                begin
                  mag = p < 0 ? -p : p;
                  scaled_to_fp32 = round_fp32(p < 0, mag, e);
                end
              endfunction

              function [31:0] fp32_add(input [31:0] a, input [31:0] b);
                reg [31:0] hi, lo, field;
                reg [26:0] mb, ms;
                reg [27:0] sum;
                reg [23:0] kept;
                reg sticky, guard;
                reg [4:0] amount, lz;
                integer eb, es, d, e, k;
                begin
                  if (a[30:23] == 8'hff && a[22:0] != 0) fp32_add = a | 32'h00400000;
                  else if (b[30:23] == 8'hff && b[22:0] != 0) fp32_add = b | 32'h00400000;
                  else if (a[30:23] == 8'hff && b[30:23] == 8'hff) fp32_add = a[31] == b[31] ? a : 32'hffc00000;
                  else if (a[30:23] == 8'hff) fp32_add = a;
                  else if (b[30:23] == 8'hff) fp32_add = b;
                  else begin
                    if (a[30:0] >= b[30:0]) begin hi = a; lo = b; end else begin hi = b; lo = a; end
                    eb = hi[30:23] == 0 ? 1 : hi[30:23];
                    es = lo[30:23] == 0 ? 1 : lo[30:23];
                    mb = {hi[30:23] != 0, hi[22:0], 3'b000};
                    ms = {lo[30:23] != 0, lo[22:0], 3'b000};
                    d = eb - es;
                    if (d > 26) ms = {26'd0, ms != 0};
                    else if (d > 0) begin
                      amount = d;
                      sticky = (ms & ((27'd1 << amount) - 1)) != 0;
                      ms = (ms >> amount) | sticky;
                    end
                    sum = hi[31] != lo[31] ? {1'b0, mb} - {1'b0, ms} : {1'b0, mb} + {1'b0, ms};
                    if (sum == 0) fp32_add = {a[31] & b[31], 31'd0};
                    else begin
                      e = eb;
                      if (sum[27]) begin
                        sum = (sum >> 1) | sum[0];
                        e = e + 1;
                      end else begin
                        // leading zeros above the hidden bit's place, the shift stopping at the subnormal range
                        lz = 0;
                        for (k = 0; k < 27; k = k + 1) if (sum[k]) lz = 26 - k;
                        amount = lz < e - 1 ? lz : e - 1;
                        sum = sum << amount;
                        e = e - amount;
                      end
                      kept = sum[26:3];
                      guard = sum[2];
                      sticky = sum[1] | sum[0];
                      field = ((e - 1) << 23) + kept;
                      field = field + (guard & (sticky | kept[0]));
                      if (field >= 32'h7f800000) field = 32'h7f800000;
                      fp32_add = {hi[31], field[30:0]};
                    end
                  end
                end
              endfunction
            """).replace("ONE", "{{" + (mw - 1) + "{1'b0}}, 1'b1}").replace("MW", Integer.toString(mw)).replace("PW", Integer.toString(pBits));
    }
}
