package dev.bdsim.netlist;

import dev.bdsim.testutil.InlineNetlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example netlists under rtl-models/, driven through the testbench API, against behaviour known by hand. */
class NetlistCircuitsTest {
    static final Path EXAMPLES = Path.of("rtl-models", "examples");

    static Testbench bench(String file, Map<String, String> params) {
        return new Testbench(Elaborator.elaborate(EXAMPLES.resolve(file), null, params));
    }

    @Test
    void counterWrapsAtItsParameter() {
        Testbench tb = bench("counter.bdn", Map.of("MAX", "3"));
        tb.set("en", 1);
        List<Long> counts = new ArrayList<>();
        List<Long> wraps = new ArrayList<>();
        for (int c = 0; c < 9; c++) {
            counts.add(tb.get("count"));
            wraps.add(tb.get("wrap"));
            tb.step();
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 0L, 1L, 2L, 3L, 0L), counts);
        assertEquals(List.of(0L, 0L, 0L, 1L, 0L, 0L, 0L, 1L, 0L), wraps);
        tb.set("rst", 1).step().set("rst", 0);
        assertEquals(0, tb.get("count"));
        assertEquals(10, tb.activity("c").activeCycles(), "9 counting cycles and the reset cycle");
    }

    @Test
    void pipelineStallsExactlyWhileTheSinkIsNotReady() {
        Testbench tb = bench("pipeline.bdn", Map.of());
        tb.set("in_valid", 1);
        long next = 1;
        List<Long> received = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            tb.set("in_data", next);
            tb.set("out_ready", c >= 5 && c <= 7 ? 0 : 1);
            if (tb.get("in_ready") == 1) {
                next++;
            }
            if (tb.get("out_valid") == 1 && c != 5 && c != 6 && c != 7) {
                received.add(tb.get("out_data"));
            }
            tb.step();
        }
        // latency 3: words leave from cycle 3; cycles 5..7 hold every stage (3 stall cycles per stage)
        assertEquals(14, received.size());
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i + 1, received.get(i));
        }
        for (int s = 0; s < 3; s++) {
            assertEquals(3, tb.activity("s[" + s + "]").action("stall"), "stalls of stage " + s);
        }
        assertEquals(18, next, "17 words accepted");
    }

    @Test
    void deeperPipelineHasLongerLatency() {
        Testbench tb = bench("pipeline.bdn", Map.of("STAGES", "7"));
        tb.set("out_ready", 1).set("in_valid", 1).set("in_data", 42).step().set("in_valid", 0);
        int cycles = 1;
        while (tb.get("out_valid") == 0) {
            tb.step();
            cycles++;
        }
        assertEquals(7, cycles);
        assertEquals(42, tb.get("out_data"));
    }

    @Test
    void adderTreeLatencyEqualsItsDepth() {
        for (int levels = 1; levels <= 6; levels++) {
            Testbench tb = bench("adder_tree.bdn", Map.of("LEVELS", String.valueOf(levels)));
            int n = 1 << levels;
            long expected = 0;
            for (int i = 0; i < n; i++) {
                long v = (i % 3 == 0 ? -128 : 127 - i);
                tb.set("x", i, v);
                expected += v;
            }
            List<Long> sums = new ArrayList<>();
            for (int c = 0; c <= levels + 1; c++) {
                sums.add(tb.get("sum"));
                tb.step();
                tb.set("x", 0);
            }
            for (int c = 0; c <= levels + 1; c++) {
                assertEquals(c == levels ? expected : 0, sums.get(c), "levels " + levels + ", cycle " + c);
            }
        }
    }

    @Test
    void fifoFillsAndDrainsInOrder() {
        Testbench tb = bench("fifo.bdn", Map.of("DEPTH", "4"));
        List<Long> full = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            tb.set("push", 1).set("data", 100 + c).set("pop", 0);
            full.add(tb.get("full"));
            tb.step();
        }
        assertEquals(List.of(0L, 0L, 0L, 0L, 1L, 1L), full);
        assertEquals(4, tb.get("count"));
        tb.set("push", 0).set("pop", 1);
        List<Long> drained = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            if (tb.get("valid") == 1) {
                drained.add(tb.get("head"));
            }
            tb.step();
        }
        assertEquals(List.of(100L, 101L, 102L, 103L), drained);
        assertEquals(0, tb.get("count"));
        assertEquals(4, tb.activity("f").action("write"));
        assertEquals(4, tb.activity("f").action("read"));
    }

    @Test
    void lanes32DatapathAccumulatesDecodedProducts() {
        Testbench tb = new Testbench(Elaborator.elaborate(Path.of("rtl-models", "bench", "lanes32.bdn"), null, Map.of()));
        long[] e2m1Doubled = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};
        Random rnd = new Random(7);
        long expected = 0;
        int vectors = 20;
        for (int c = 0; c < vectors + 6; c++) {
            for (int lane = 0; lane < 32; lane++) {
                int code = c < vectors ? rnd.nextInt(16) : 0;
                int act = c < vectors ? rnd.nextInt(256) - 128 : 0;
                tb.set("code", lane, code).set("act", lane, act);
                expected += e2m1Doubled[code] * act;
            }
            tb.step();
        }
        // 5 tree levels + the accumulator register: all 20 vectors are in after 26 cycles
        assertEquals(expected, tb.get("acc"));
        assertEquals(32L * (vectors + 1), tb.activity("mul").action("multiply"), "every lane once per input change: 20 vectors, then zeros");
    }

    @Test
    void expressionsSliceConcatenateAndConvert(@TempDir Path dir) throws IOException {
        Testbench tb = InlineNetlist.testbench(dir,
                "module expr {",
                "  in  x : u8",
                "  in  s : s4",
                "  out hi : u4; out lo : u4; out bit7 : u1",
                "  out swapped : u8",
                "  out widened : s8; out zero_ext : u8; out cut : u2; out as_signed : s8",
                "  out inverted : u8; out masked : u8; out plus : u9",
                "  x[7:4] -> hi",
                "  x[3:0] -> lo",
                "  x[7] -> bit7",
                "  {x[3:0], x[7:4]} -> swapped",
                "  sext(s, 8) -> widened",
                "  zext(unsigned(s), 8) -> zero_ext",
                "  trunc(x, 2) -> cut",
                "  signed(x) -> as_signed",
                "  ~x -> inverted",
                "  x & 8'h0F | 8'hA0 -> masked",
                "  x + 1 -> plus",
                "}");
        tb.set("x", 0xB6).set("s", -3);
        assertEquals(0xB, tb.get("hi"));
        assertEquals(0x6, tb.get("lo"));
        assertEquals(1, tb.get("bit7"));
        assertEquals(0x6B, tb.get("swapped"));
        assertEquals(-3, tb.get("widened"));
        assertEquals(13, tb.get("zero_ext"));
        assertEquals(2, tb.get("cut"));
        assertEquals(0xB6 - 256, tb.get("as_signed"));
        assertEquals(0x49, tb.get("inverted"));
        assertEquals(0xA6, tb.get("masked"));
        assertEquals(0xB7, tb.get("plus"));
        tb.set("x", 255);
        assertEquals(256, tb.get("plus"));
    }

    @Test
    void wideAccumulatorsKeepEveryBit(@TempDir Path dir) throws IOException {
        Testbench tb = InlineNetlist.testbench(dir,
                "module wide {",
                "  clock clk",
                "  in  x : s100",
                "  out acc : s100",
                "  inst r = Register(width = 100, signed = 1)",
                "  trunc(r.q + x, 100) -> r.d",
                "  r.q -> acc",
                "}");
        tb.set("x", Long.MAX_VALUE);
        tb.run(8);
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(8)), tb.value("acc", 0));
    }
}
