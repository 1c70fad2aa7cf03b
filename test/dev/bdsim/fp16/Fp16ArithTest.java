package dev.bdsim.fp16;

import dev.bdsim.cosim.Cosim;
import dev.bdsim.io.Processes;
import dev.bdsim.lib.Fp16Arith;
import dev.bdsim.lib.SingleInstance;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.netlist.Stimulus;
import dev.bdsim.testutil.RequiredTool;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FP16 add and multiply rounded once (nearest even, saturating): Java against a reference that finds the nearest FP16
 * value by search over every FP16 magnitude, and the {@code Fp16Arith} kind's Verilog against Java in Icarus.
 */
class Fp16ArithTest {
    /** Every non-negative finite FP16 magnitude, ascending. */
    private static final double[] GRID = new double[0x7c00];

    static {
        for (int h = 0; h < GRID.length; h++) {
            GRID[h] = Fp16.toDouble((short) h);
        }
    }

    /** The exact value rounded to FP16 by search: the nearest grid value, ties to the even code, saturating. */
    static short reference(double exact, boolean negativeZero) {
        double a = Math.abs(exact);
        int sign = exact < 0 || (exact == 0 && negativeZero) ? 0x8000 : 0;
        int lo = 0;
        int hi = GRID.length - 1;
        if (a >= GRID[hi]) {
            return (short) (sign | hi);
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (GRID[mid] <= a) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double dl = a - GRID[lo];
        double dh = GRID[hi] - a;
        int h = dl < dh ? lo : dh < dl ? hi : (lo % 2 == 0 ? lo : hi);
        return (short) (sign | h);
    }

    private static short finite(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> (short) rnd.nextInt(0x10000);                                  // any pattern
            case 1 -> (short) (rnd.nextInt(2) << 15 | rnd.nextInt(0x400));          // subnormal
            case 2 -> (short) (rnd.nextInt(2) << 15 | (rnd.nextInt(12, 19) << 10) | rnd.nextInt(0x400)); // near one
            default -> (short) (rnd.nextInt(2) << 15 | rnd.nextInt(0x7c00));
        };
    }

    @Test
    void addAndMultiplyRoundOnceToTheNearestFp16() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            short a = finite(rnd);
            short b = finite(rnd);
            if (((a >> 10) & 0x1f) == 31 || ((b >> 10) & 0x1f) == 31) {
                continue; // the top binade: the reference's grid reads it as infinities
            }
            double x = Fp16.toDouble(a);
            double y = Fp16.toDouble(b);
            boolean bothNegativeZero = x == 0 && y == 0 && Fp16.isNegative(a) && Fp16.isNegative(b);
            assertEquals(reference(x + y, bothNegativeZero), Fp16.add(a, b), () -> Integer.toHexString(a & 0xffff) + " + " + Integer.toHexString(b & 0xffff));
            boolean negativeProduct = Fp16.isNegative(a) != Fp16.isNegative(b);
            assertEquals(reference(x * y, negativeProduct), Fp16.mul(a, b), () -> Integer.toHexString(a & 0xffff) + " * " + Integer.toHexString(b & 0xffff));
        }
    }

    @Test
    void handDerivedCases() {
        short one = 0x3c00;
        assertEquals(0x4000, Fp16.add(one, one));                                   // 1 + 1 = 2
        assertEquals(0x3c00, Fp16.add(one, (short) 0x0001));                        // 1 + 2^-24: below half an ulp
        assertEquals(0x3c02, Fp16.add((short) 0x3c01, (short) 0x1000));             // (1 + 2^-10) + 2^-11: a tie, to the even code
        assertEquals(0x7bff, Fp16.mul((short) 0x7bff, (short) 0x4000));             // 65504 * 2 saturates
        assertEquals(0x0000, Fp16.add((short) 0x3c00, (short) 0xbc00));             // 1 - 1 = +0
        assertEquals((short) 0x8000, Fp16.add((short) 0x8000, (short) 0x8000));     // -0 + -0 = -0
        assertEquals((short) 0x8000, Fp16.mul((short) 0x0001, (short) 0xb800));     // 2^-24 * -0.5: a tie to the even zero, negative
        assertEquals(0x0002, Fp16.mul((short) 0x0001, (short) 0x3e00));             // 2^-24 * 1.5: a tie between 1 and 2 units, to 2
    }

    @ParameterizedTest
    @ValueSource(strings = {"add", "sub", "mul"})
    void theVerilogAgreesWithJavaOnRandomOperands(String op, @TempDir Path dir) throws Exception {
        RequiredTool.require(Cosim.Tool.ICARUS.available(), Cosim.Tool.ICARUS.missing());
        int cycles = 3000;
        Map<String, Object> params = Map.of("op", op, "lanes", 2L);
        Path netlistFile = dir.resolve("wrap.bdn");
        Files.writeString(netlistFile, SingleInstance.netlist(Fp16Arith.KIND, params));
        Netlist n = Elaborator.elaborate(netlistFile, null, Map.of());
        SplittableRandom rnd = new SplittableRandom(op.hashCode());
        StringBuilder s = new StringBuilder("i_a[0] i_a[1] i_b[0] i_b[1]\n");
        for (int c = 0; c < cycles; c++) {
            short a0 = finite(rnd);
            short a1 = finite(rnd);
            short b0 = c % 5 == 0 ? (short) (a0 ^ 0x8000) : finite(rnd);                // exact cancellation
            short b1 = c % 7 == 0 ? (short) (a1 + rnd.nextInt(-2, 3)) : finite(rnd);    // close magnitudes
            s.append(a0 & 0xffff).append(' ').append(a1 & 0xffff).append(' ').append(b0 & 0xffff).append(' ').append(b1 & 0xffff).append('\n');
        }
        Path stim = dir.resolve("wrap.stim");
        Files.writeString(stim, s);
        VerilogExporter.Export e = VerilogExporter.export(n, dir);
        Testbench.selfChecking(n, e.top(), Stimulus.load(stim, n), cycles, dir);
        String out = Processes.exec(dir, List.of("iverilog", "-g2005", "-o", "sim", Testbench.TESTBENCH, e.file().getFileName().toString()))
                + Processes.exec(dir, List.of("vvp", "-n", "sim"));
        assertTrue(out.contains("PASS: " + (cycles + 1) + " cycles match"), op + ":\n" + out);
    }
}
