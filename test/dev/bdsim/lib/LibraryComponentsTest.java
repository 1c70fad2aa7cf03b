package dev.bdsim.lib;

import dev.bdsim.netlist.NetlistException;
import dev.bdsim.netlist.Testbench;
import dev.bdsim.testutil.InlineNetlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The combinational primitives, instantiated from a netlist, against values worked out by hand. */
class LibraryComponentsTest {
    @TempDir
    Path dir;

    private Testbench bench(String... lines) throws IOException {
        return InlineNetlist.testbench(dir, lines);
    }

    @Test
    void comparatorMuxShifterLutConstant() throws IOException {
        Files.writeString(dir.resolve("square.txt"), "# squares of 0..3\n0, 1\n4 9\n");
        Testbench tb = bench(
                "module prims {",
                "  in  a, b : s8",
                "  in  sel : u2",
                "  in  n : u3",
                "  in  i : u2",
                "  out lt, eq, gt : u1",
                "  out picked : s8",
                "  out left, right : s8",
                "  out square : u4",
                "  out k : u8",
                "  inst cmp = Comparator(width = 8, signed = 1)",
                "  a -> cmp.a; b -> cmp.b",
                "  cmp.lt -> lt; cmp.eq -> eq; cmp.gt -> gt",
                "  inst m = Mux(width = 8, signed = 1, inputs = 3)",
                "  sel -> m.sel; a -> m.in0; b -> m.in1; -5 -> m.in2",
                "  m.out -> picked",
                "  inst shl = Shifter(width = 8, signed = 1, dir = \"left\", amount_bits = 3)",
                "  inst shr = Shifter(width = 8, signed = 1, dir = \"right\", amount_bits = 3)",
                "  a -> shl.a; n -> shl.amount; shl.y -> left",
                "  a -> shr.a; n -> shr.amount; shr.y -> right",
                "  inst sq = Lut(in_bits = 2, width = 4, file = \"square.txt\")",
                "  i -> sq.a; sq.y -> square",
                "  inst c = Constant(width = 8, value = 0xA5)",
                "  c.y -> k",
                "}");
        tb.set("a", -3).set("b", 2).set("sel", 0).set("n", 2).set("i", 3);
        assertEquals(1, tb.get("lt"));
        assertEquals(0, tb.get("eq"));
        assertEquals(0, tb.get("gt"));
        assertEquals(-3, tb.get("picked"));
        assertEquals(-12, tb.get("left"));
        assertEquals(-1, tb.get("right"), "arithmetic shift of a signed value");
        assertEquals(9, tb.get("square"));
        assertEquals(0xA5, tb.get("k"));
        tb.set("sel", 1).set("a", 2);
        assertEquals(2, tb.get("picked"));
        assertEquals(1, tb.get("eq"));
        tb.set("sel", 2);
        assertEquals(-5, tb.get("picked"));
        tb.set("sel", 3);
        assertEquals(0, tb.get("picked"), "a select past the last input gives zero");
        tb.set("a", 100).set("n", 1);
        assertEquals(-56, tb.get("left"), "shifted out of 8 bits: 200 wraps to -56");
        assertEquals(50, tb.get("right"));
    }

    @Test
    void aNarrowShifterOperandIsExtendedByItsSignedness() throws IOException {
        Testbench tb = bench(
                "module narrow {",
                "  in  s : s4",
                "  in  u : u4",
                "  in  n : u4",
                "  out left : s16",
                "  out right : u12",
                "  inst shl = Shifter(width = 16, a_bits = 4, signed = 1, dir = \"left\", amount_bits = 4)",
                "  inst shr = Shifter(width = 12, a_bits = 4, dir = \"right\", amount_bits = 4)",
                "  s -> shl.a; n -> shl.amount; shl.y -> left",
                "  u -> shr.a; n -> shr.amount; shr.y -> right",
                "}");
        tb.set("s", -3).set("u", 13).set("n", 9);
        assertEquals(-3 * 512, tb.get("left"));
        assertEquals(0, tb.get("right"));
        tb.set("n", 2);
        assertEquals(-12, tb.get("left"));
        assertEquals(3, tb.get("right"));
        tb.set("n", 15).set("s", 1);
        assertEquals(-32768, tb.get("left"), "1 << 15 is the sign bit of 16");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new dev.bdsim.lib.Shifter("s", dev.bdsim.kernel.SignalType.signed(8), 1, true, 3, 9));
        assertTrue(e.getMessage().contains("a_bits = 9 is wider than the result's width = 8"), e.getMessage());
    }

    @Test
    void lutTablesAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lut("l", 2, dev.bdsim.kernel.SignalType.unsigned(2), 1, Lut.parseTable("0 1 2")));
        assertTrue(e.getMessage().contains("needs 4 table entries, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Lut("l", 1, dev.bdsim.kernel.SignalType.unsigned(2), 1, Lut.parseTable("0 4")));
        assertTrue(e.getMessage().contains("table entry 1 = 4 does not fit u2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lut.parseTable("1 two"));
        assertTrue(e.getMessage().contains("table entry 1 \"two\" is not a number"), e.getMessage());
    }

    @Test
    void lutErrorsInANetlistPointAtTheInstance() throws IOException {
        NetlistException e = assertThrows(NetlistException.class, () -> bench(
                "module m {", "  out y : u2", "  inst l = Lut(in_bits = 1, width = 2, file = \"missing.txt\")", "  0 -> l.a",
                "  l.y -> y", "}"));
        assertTrue(e.getMessage().contains(":3:3: cannot read table file"), e.getMessage());
    }

    @Test
    void aBankedSramWritesOneBankWhileReadingTheOther() throws IOException {
        Testbench tb = bench(
                "module banked {",
                "  clock clk",
                "  in  addr, waddr : u3",
                "  in  re, we : u1",
                "  in  wdata : u8",
                "  out rdata : u8",
                "  inst m = Sram(width = 8, words = 8, banks = 2)",
                "  addr -> m.addr; waddr -> m.waddr; re -> m.re; we -> m.we; wdata -> m.wdata",
                "  m.rdata -> rdata",
                "}");
        // word 1 (bank 0) written, then read while word 5 (bank 1) is written in the same cycle
        tb.set("we", 1).set("waddr", 1).set("wdata", 0x11).set("re", 0).step();
        tb.set("waddr", 5).set("wdata", 0x55).set("re", 1).set("addr", 1).step();
        assertEquals(0x11, tb.get("rdata"));
        tb.set("we", 0).set("addr", 5).step();
        assertEquals(0x55, tb.get("rdata"));
        // a read from the bank being written is not performed: rdata holds
        tb.set("we", 1).set("waddr", 6).set("wdata", 0x66).set("addr", 4).step();
        assertEquals(0x55, tb.get("rdata"));
        tb.set("we", 0).set("addr", 6).step();
        assertEquals(0x66, tb.get("rdata"));
    }

    @Test
    void aDramStreamsItsTensorPassAfterPassAtItsBandwidth() throws IOException {
        Testbench tb = bench(
                "module channel {",
                "  clock clk",
                "  reset rst",
                "  in  ready : u1",
                "  out valid : u1",
                "  out data : u8[2]",
                "  inst d = Dram(width = 8, lanes = 2, words = 2, bytes_per_cycle = 1, passes = 2)",
                "  ready -> d.out_ready; d.out_valid -> valid; d.out_data -> data",
                "}");
        tb.set("ready", 1);
        int words = 0;
        long lastValid = -1;
        for (int cycle = 0; cycle < 20; cycle++) {
            tb.step();
            if (tb.get("valid") != 0) {
                words++;
                assertTrue(lastValid < 0 || cycle - lastValid == 2, "two-byte words at a byte per cycle: one every other cycle");
                lastValid = cycle;
            }
        }
        assertEquals(4, words, "two words, twice");
    }
}
