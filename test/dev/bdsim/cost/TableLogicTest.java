package dev.bdsim.cost;

import dev.bdsim.kernel.Component;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Constant tables priced by their decision diagrams, and shifters by the bits that can move; gate counts derived by hand. */
class TableLogicTest {
    static final TechLibrary TECH = TechLibrary.named("osu018");

    @Test
    void wiresInvertersAndConstantsCostNothing() {
        assertEquals(0, TableLogic.ge(new long[] {0, 1, 2, 3}, 2, 2, TECH), 1e-12, "y = x");
        assertEquals(0, TableLogic.ge(new long[] {3, 2, 1, 0}, 2, 2, TECH), 1e-12, "y = ~x");
        assertEquals(0, TableLogic.ge(new long[] {5, 5, 5, 5}, 2, 3, TECH), 1e-12, "a constant");
    }

    @Test
    void aGateWithAConstantBranchIsAnAndAnythingElseAMultiplexer() {
        assertEquals(TECH.muxTreeGateGe(), TableLogic.ge(new long[] {0, 0, 0, 1}, 2, 1, TECH), 1e-12, "x0 & x1");
        assertEquals(TECH.muxTreeGateGe(), TableLogic.ge(new long[] {0, 1, 1, 1}, 2, 1, TECH), 1e-12, "x0 | x1");
        assertEquals(TECH.muxTreeGe(), TableLogic.ge(new long[] {0, 1, 1, 0}, 2, 1, TECH), 1e-12, "x0 ^ x1: x1 picks x0 or ~x0");
        // a 4:1 multiplexer of four data signals: three 2:1 multiplexers
        int[][] mux4 = {{TableLogic.FIRST_SIGNAL, TableLogic.FIRST_SIGNAL + 1, TableLogic.FIRST_SIGNAL + 2, TableLogic.FIRST_SIGNAL + 3}};
        assertEquals(3 * TECH.muxTreeGe(), TableLogic.ge(mux4, 2, TECH), 1e-12);
    }

    @Test
    void outputBitsShareTheirNodesAndTheCheaperVariableOrderIsTaken() {
        // bits 0 and 1 both x0 & x1: one node
        assertEquals(TECH.muxTreeGateGe(), TableLogic.ge(new long[] {0, 0, 0, 3}, 2, 2, TECH), 1e-12);
        // y = x2 ? x1 : x0 with the select as the lowest bit of the index: one multiplexer in the order that tests it first
        long[] select = new long[8];
        for (int x = 0; x < 8; x++) {
            select[x] = (x & 1) == 1 ? x >> 2 & 1 : x >> 1 & 1;
        }
        assertEquals(TECH.muxTreeGe(), TableLogic.ge(select, 3, 1, TECH), 1e-12);
    }

    static double shifterGe(Path dir, String a, String y, int amountBits, String params) throws Exception {
        Path file = Files.writeString(dir.resolve("s.bdn"), String.join("\n", "module s {", "  in a : " + a, "  in n : u" + amountBits,
                "  out y : " + y, "  inst sh = Shifter(" + params + ", amount_bits = " + amountBits + ")", "  a -> sh.a", "  n -> sh.amount",
                "  sh.y -> y", "}", ""));
        Netlist n = Elaborator.elaborate(file, null, Map.of());
        CostModel model = new CostModel(TECH);
        for (Component c : n.circuit().components()) {
            if (c.typeName().equals("Shifter")) {
                return model.areaGe(c, Flattening.NONE);
            }
        }
        throw new AssertionError("no Shifter");
    }

    @Test
    void aShifterHasAStagePerAmountBitUpToTheWidthsAndMovesOnlyTheBitsThatCanDiffer(@TempDir Path dir) throws Exception {
        // 8 bits left by a 6-bit amount: stages of 1, 2, 4 (an AND where a zero enters, else a multiplexer: 7+6+4 multiplexers,
        // 1+2+4 ANDs), then amounts of 8 or more: an OR of the three high bits (2 gates plus 1) and 8 ANDs
        assertEquals(17 * TECH.muxTreeGe() + 7 * TECH.muxTreeGateGe() + 3 * TECH.andGe() + 8 * TECH.muxTreeGateGe(),
                shifterGe(dir, "u8", "u8", 6, "width = 8, dir = \"left\""), 1e-9);
        // a 4-bit signed value into 16 bits, left by up to 15: the stage of 2^k picks between bits that differ only in its
        // low a + 2^(k+1) - 2 (above, both candidates are copies of the sign): multiplexers 3, 4, 6, 8 (the width caps the last) and ANDs 1, 2, 4, 8
        assertEquals(21 * TECH.muxTreeGe() + 15 * TECH.muxTreeGateGe(), shifterGe(dir, "s4", "s16", 4, "width = 16, a_bits = 4, signed = 1, dir = \"left\""), 1e-9);
        // 16 bits right (arithmetic) by up to 15: every bit a multiplexer in each of the 4 stages
        assertEquals(64 * TECH.muxTreeGe(), shifterGe(dir, "s16", "s16", 4, "width = 16, signed = 1, dir = \"right\""), 1e-9);
    }

    /**
     * The DialectFP4 encoder is the cheaper of its two structures: on osu018 one table of {dialect, sign, quarters} per
     * lane (its Verilog's table; the comparators against the dialect's midpoints came out 2.58 of synthesis); in the
     * 45 nm library at 32 lanes the comparators, their midpoints selected once for all lanes.
     */
    @Test
    void theDialectEncoderIsTheCheaperOfItsComparatorsAndOneTablePerLane() throws Exception {
        dev.bdsim.format.Formatbook book = dev.bdsim.format.Formatbook.load(Path.of("rtl-models/formatbooks/dialectfp4.fbk"));
        long[] codes = new long[book.dialects() << 6];
        dev.bdsim.lib.DialectEncoder one = new dev.bdsim.lib.DialectEncoder("e", book, 1);
        for (int d = 0; d < book.dialects(); d++) {
            for (int s = 0; s < 2; s++) {
                for (int u = 0; u < 32; u++) {
                    codes[d << 6 | s << 5 | u] = one.code(d, u, s == 1);
                }
            }
        }
        assertEquals(TableLogic.ge(codes, book.dialectBits() + 6, 4, TECH), one.shape(TECH).areaGe(), 1e-9);
        TechLibrary nm45 = TechLibrary.named("45nm");
        double table = TableLogic.ge(codes, book.dialectBits() + 6, 4, nm45);
        double lanes32 = new dev.bdsim.lib.DialectEncoder("e", book, 32).shape(nm45).areaGe();
        assertTrue(lanes32 < 32 * table, lanes32 + " GE against " + 32 * table);
    }
}
