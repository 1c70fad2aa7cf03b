package dev.bdsim.cost;

import dev.bdsim.flow.Flow;
import dev.bdsim.kernel.Component;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A multiplier fed by two decoders whose tables nothing else reads is priced as the cheaper of the array with its
 * decoders and one table of the two codes; the element decoders of FP16, decoded by their fields, gate by gate.
 */
class MergedTablesTest {
    private static final TechLibrary TECH = TechLibrary.named("osu018");

    /** Two decoders of {@code format} into a sign-magnitude multiplier of their {@code operand} outputs, and {@code more}. */
    private static Netlist decodeAndMultiply(Path dir, String format, int codeBits, String operand, int bits, String... more) throws Exception {
        StringBuilder m = new StringBuilder("module dm {\n  clock clk\n  in xc, wc : u" + codeBits + "[2]\n  out p : s" + (2 * bits + 1) + "[2]\n");
        m.append("  inst x_dec = ElementDecoder(format = \"").append(format).append("\", lanes = 2)\n");
        m.append("  inst w_dec = ElementDecoder(format = \"").append(format).append("\", lanes = 2)\n");
        m.append("  xc -> x_dec.code\n  wc -> w_dec.code\n");
        m.append("  inst mul = Multiplier(a_bits = ").append(bits).append(", b_bits = ").append(bits).append(", negate = 1, lanes = 2)\n");
        m.append("  x_dec.").append(operand).append(" -> mul.a\n  w_dec.").append(operand).append(" -> mul.b\n");
        m.append("  x_dec.sign ^ w_dec.sign -> mul.neg\n  mul.p -> p\n");
        for (String line : more) {
            m.append("  ").append(line).append("\n");
        }
        Path file = dir.resolve("dm.bdn");
        Files.writeString(file, m.append("}\n").toString());
        return Elaborator.elaborate(file, null, Map.of());
    }

    private static Map<String, Double> areas(Netlist n, Flattening flattening) {
        CostModel model = new CostModel(TECH);
        Map<String, Double> ge = new LinkedHashMap<>();
        for (Component c : n.circuit().components()) {
            if (c.name().endsWith("dec") || c.name().equals("mul")) {
                ge.put(c.name(), model.areaGe(c, flattening));
            }
        }
        return ge;
    }

    @Test
    void twoE2M1DecodersAndTheirMultiplierAreOneTableOfTheCodes(@TempDir Path dir) throws Exception {
        Netlist n = decodeAndMultiply(dir, "E2M1", 4, "magnitude", 4);
        Map<String, Double> apart = areas(n, Flattening.NONE);
        Map<String, Double> merged = areas(n, Flow.flattening(n));
        // the magnitudes of E2M1 in half units, 0 1 2 3 4 6 8 12, for both signs; the product table of the two 4-bit codes
        long[] half = {0, 1, 2, 3, 4, 6, 8, 12, 0, 1, 2, 3, 4, 6, 8, 12};
        long[] product = new long[256];
        for (int x = 0; x < 16; x++) {
            for (int w = 0; w < 16; w++) {
                product[x << 4 | w] = half[x] * half[w];
            }
        }
        // 8 product bits, then a 9-bit conditional negation (8 XORs and ANDs, the 7 ORs of its prefix)
        double lane = TableLogic.ge(product, 8, 8, TECH) + 8 * (TECH.xorGe() + TECH.andGe()) + 7 * TECH.muxTreeGateGe();
        assertEquals(2 * lane, merged.get("mul"), 1e-9);
        assertEquals(0, merged.get("x_dec"), 1e-12);
        assertEquals(0, merged.get("w_dec"), 1e-12);
        double apartTotal = apart.values().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(2 * lane < 0.8 * apartTotal, "merged " + 2 * lane + " GE against " + apartTotal + " apart");
    }

    @Test
    void aDecoderWhoseOtherOutputsAreReadStaysApart(@TempDir Path dir) throws Exception {
        Netlist n = decodeAndMultiply(dir, "E2M1", 4, "magnitude", 4, "out sh : u2[2]", "x_dec.shift -> sh");
        assertEquals(areas(n, Flattening.NONE), areas(n, Flow.flattening(n)));
    }

    @Test
    void aProductTableLargerThanTheArrayIsNotTaken(@TempDir Path dir) throws Exception {
        // INT8 magnitudes: the table of an 8 x 8 product of two 8-bit codes is far larger than the array
        Netlist n = decodeAndMultiply(dir, "INT8", 8, "magnitude", 8);
        assertEquals(areas(n, Flattening.NONE), areas(n, Flow.flattening(n)));
    }

    @Test
    void fp16DecodesByItsFieldsGateByGate(@TempDir Path dir) throws Exception {
        Netlist n = decodeAndMultiply(dir, "E5M10", 16, "significand", 11);
        Map<String, Double> ge = areas(n, Flow.flattening(n));
        // for each of the 2 lanes: the decrement of 5 exponent bits, 4 XNORs and the 3 ORs of its prefix; one OR more for a
        // non-zero exponent, 4 ANDs for all ones; 11 significand bits zeroed for NaN and infinity, 5 shift bits zeroed;
        // the sign: the OR of the 11 significand bits, then an AND
        double lane = 4 * TECH.xorGe() + (3 + 1 + 4 + 11 + 5 + 11) * TECH.muxTreeGateGe();
        assertEquals(2 * lane, ge.get("x_dec"), 1e-9);
        assertEquals(2 * lane, ge.get("w_dec"), 1e-9);
    }
}
