package dev.bdsim.hdl;

import dev.bdsim.io.Processes;
import dev.bdsim.testutil.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FP32 adder and the integer-to-FP32 rounding of the exported accumulator, simulated in Icarus
 * Verilog on 40 000 operand pairs (normal, subnormal, zero, infinite and NaN bit patterns, operands
 * of close magnitude and opposite sign, carries into the exponent, overflow), against Java's float
 * arithmetic bit for bit.
 */
class Fp32VerilogTest {
    static final int P_BITS = 40;

    @Test
    void bitExactWithJavaFloats(@TempDir Path dir) throws Exception {
        RequiredTool.require(Processes.onPath("iverilog") && Processes.onPath("vvp"), "iverilog missing (Debian package iverilog)");
        SplittableRandom rnd = new SplittableRandom(11);
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            int a = operand(rnd);
            int b = switch (i % 4) {
                case 0 -> operand(rnd);
                case 1 -> a ^ 0x8000_0000 ^ (rnd.nextInt(8) - 4 == 0 ? 0 : rnd.nextInt(8) - 4);  // near cancellation
                case 2 -> (a & 0xff80_0000) | rnd.nextInt(1 << 23);                             // same exponent
                default -> Float.floatToRawIntBits(Float.intBitsToFloat(a) * (float) Math.scalb(1.0, rnd.nextInt(-30, 30)));
            };
            pairs.add(new int[] {a, b});
        }
        List<long[]> scaled = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int bits = rnd.nextInt(1, P_BITS);
            long p = rnd.nextLong() >> (64 - bits);
            int e = rnd.nextInt(-220, 140);
            scaled.add(new long[] {p, e});
        }
        StringBuilder add = new StringBuilder();
        pairs.forEach(p -> add.append(String.format("%08x%08x%n", p[0], p[1])));
        Files.writeString(dir.resolve("add.hex"), add);
        StringBuilder sc = new StringBuilder();
        scaled.forEach(p -> sc.append(String.format("%010x%04x%n", p[0] & ((1L << P_BITS) - 1), p[1] & 0xffff)));
        Files.writeString(dir.resolve("scaled.hex"), sc);
        Files.writeString(dir.resolve("tb.v"), "module tb;\n" + Fp32Verilog.functions(P_BITS)
                + "  reg [63:0] adds [0:" + (pairs.size() - 1) + "];\n  reg [" + (P_BITS + 15) + ":0] sc [0:" + (scaled.size() - 1) + "];\n"
                + "  integer i, f;\n  initial begin\n    $readmemh(\"add.hex\", adds);\n    $readmemh(\"scaled.hex\", sc);\n"
                + "    f = $fopen(\"out.txt\", \"w\");\n"
                + "    for (i = 0; i < " + pairs.size() + "; i = i + 1) $fdisplay(f, \"%h\", fp32_add(adds[i][63:32], adds[i][31:0]));\n"
                + "    for (i = 0; i < " + scaled.size() + "; i = i + 1) $fdisplay(f, \"%h\", scaled_to_fp32(sc[i][" + (P_BITS + 15) + ":16], sc[i][15:0]));\n"
                + "    $fclose(f);\n    $finish;\n  end\nendmodule\n");
        Processes.exec(dir, List.of("iverilog", "-g2005", "-o", "tb.vvp", "tb.v"));
        Processes.exec(dir, List.of("vvp", "-n", "tb.vvp"));
        List<String> out = Files.readAllLines(dir.resolve("out.txt"));
        assertEquals(pairs.size() + scaled.size(), out.size());
        int nans = 0;
        for (int i = 0; i < pairs.size(); i++) {
            int a = pairs.get(i)[0];
            int b = pairs.get(i)[1];
            float sum = Float.intBitsToFloat(a) + Float.intBitsToFloat(b);
            int got = (int) Long.parseLong(out.get(i), 16);
            if (Float.isNaN(sum)) {
                nans++;
                assertTrue(Float.isNaN(Float.intBitsToFloat(got)) && (got & 0x0040_0000) != 0, "a quiet NaN for " + hex(a) + " + " + hex(b));
            } else {
                int want = Float.floatToRawIntBits(sum);
                assertEquals(hex(want), hex(got), hex(a) + " + " + hex(b) + " (" + Float.intBitsToFloat(a) + " + " + Float.intBitsToFloat(b) + ")");
            }
        }
        assertTrue(nans > 0 && nans < pairs.size() / 10, "NaN operands among the cases: " + nans);
        for (int i = 0; i < scaled.size(); i++) {
            long p = scaled.get(i)[0];
            int e = (int) scaled.get(i)[1];
            int want = Float.floatToRawIntBits((float) Math.scalb((double) p, e));
            assertEquals(hex(want), hex((int) Long.parseLong(out.get(pairs.size() + i), 16)), p + " * 2^" + e);
        }
    }

    /** A float bit pattern: mostly normal numbers of every exponent, some subnormals, zeros, infinities and NaNs. */
    private static int operand(SplittableRandom rnd) {
        int sign = rnd.nextBoolean() ? 0x8000_0000 : 0;
        return switch (rnd.nextInt(20)) {
            case 0 -> sign | rnd.nextInt(1 << 23);                           // subnormal
            case 1 -> sign;                                                  // zero
            case 2 -> sign | 0x7f80_0000;                                    // infinity
            case 3 -> sign | 0x7f80_0000 | (1 + rnd.nextInt((1 << 23) - 1)); // NaN
            case 4 -> sign | (254 << 23) | rnd.nextInt(1 << 23);            // near the largest
            default -> sign | (rnd.nextInt(1, 255) << 23) | rnd.nextInt(1 << 23);
        };
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }
}
