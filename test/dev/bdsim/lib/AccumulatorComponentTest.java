package dev.bdsim.lib;

import dev.bdsim.netlist.NetlistException;
import dev.bdsim.netlist.Testbench;
import dev.bdsim.testutil.InlineNetlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accumulator component, cycle by cycle, against sums worked out by hand. */
class AccumulatorComponentTest {
    @TempDir
    Path dir;

    private Testbench accumulator(String kind, String accType) throws IOException {
        return InlineNetlist.testbench(dir,
                "module acc_test {",
                "  clock clk",
                "  in  p : s32",
                "  in  e : s8",
                "  in  valid, clear : u1",
                "  out acc : " + accType,
                "  inst a = Accumulator(acc = \"" + kind + "\", p_bits = 32)",
                "  p -> a.p; e -> a.exponent; valid -> a.valid; clear -> a.clear; a.acc -> acc",
                "}");
    }

    private static void add(Testbench tb, long p, long e) {
        tb.set("p", p).set("e", e).set("valid", 1).step().set("valid", 0);
    }

    private static float fp32(Testbench tb) {
        return Float.intBitsToFloat((int) tb.get("acc"));
    }

    @Test
    void fp32AddsBlockSumsAndRoundsToNearestEven() throws IOException {
        Testbench tb = accumulator("fp32", "u32");
        add(tb, 3, -1);
        assertEquals(1.5f, fp32(tb));
        add(tb, -5, 2);
        assertEquals(-18.5f, fp32(tb));
        tb.step();
        assertEquals(-18.5f, fp32(tb), "valid low: holds");
        tb.set("clear", 1);
        add(tb, 1 << 24, 0);
        tb.set("clear", 0);
        assertEquals(16777216f, fp32(tb), "clear and add in one cycle keep only the new sum");
        add(tb, 1, 0);
        assertEquals(16777216f, fp32(tb), "2^24 + 1 rounds to even");
        add(tb, 3, 0);
        assertEquals(16777220f, fp32(tb), "2^24 + 3 rounds up to 2^24 + 4");
        assertEquals(5, tb.activity("a").action("accumulate"));
    }

    @Test
    void fixedPointSaturatesAndCountsOverflows() throws IOException {
        Testbench tb = accumulator("fixed:8:2", "s8");
        add(tb, -3, -1);
        assertEquals(-6, tb.get("acc"), "-1.5 with 2 fraction bits");
        add(tb, 100, 0);
        assertEquals(127, tb.get("acc"), "-1.5 + 100 saturates at 31.75");
        add(tb, 1, 0);
        assertEquals(127, tb.get("acc"));
        assertEquals(2, tb.activity("a").action("overflow"));
    }

    @Test
    void fixedPointCanWrap() throws IOException {
        Testbench tb = accumulator("fixed:8:0:wrap", "s8");
        add(tb, 100, 0);
        add(tb, 100, 0);
        assertEquals(-56, tb.get("acc"));
        assertEquals(1, tb.activity("a").action("overflow"));
    }

    @Test
    void aBadAccumulatorKindIsALocatedError() {
        NetlistException e = assertThrows(NetlistException.class, () -> accumulator("fixed:99:0", "s8"));
        assertTrue(e.getMessage().contains(":7:3: fixed-point accumulator needs 2 <= W <= 64"), e.getMessage());
    }
}
