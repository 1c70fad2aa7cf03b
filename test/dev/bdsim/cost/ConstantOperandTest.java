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

/** An adder whose operand is a literal is an incrementer from the literal's lowest set bit, not a row of full adders. */
class ConstantOperandTest {
    @Test
    void aLiteralOperandLeavesOnlyTheBitsFromItsLowestOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.bdn");
        Files.writeString(file, String.join("\n", "module k {", "  in x, y : s10", "  out a, b, c, d : s11",
                "  x + y -> a", "  x - 256 -> b", "  x + 3 -> c", "  x + 0 -> d", "}", ""));
        Netlist n = Elaborator.elaborate(file, null, Map.of());
        TechLibrary tech = TechLibrary.named("45nm");
        CostModel model = new CostModel(tech);
        Map<String, Double> ge = new java.util.LinkedHashMap<>();
        for (Component c : n.circuit().components()) {
            if (c.typeName().equals("Adder")) {
                ge.put(c.name(), model.areaGe(c, Flattening.NONE));
            }
        }
        assertEquals(4, ge.size(), ge.toString());
        java.util.List<Double> areas = new java.util.ArrayList<>(ge.values());
        // in the order written: x + y: 10 full adders; x - 256 (0b111_0000_0000 in 11 bits): bits 8 and 9; x + 3: bits 0..9 but the
        // lowest; x + 0: wires only
        assertEquals(10 * tech.fullAdderGe(), areas.get(0), 1e-9);
        assertEquals(2 * tech.halfAdderGe(), areas.get(1), 1e-9);
        assertEquals(10 * tech.halfAdderGe(), areas.get(2), 1e-9);
        assertEquals(0, areas.get(3), 1e-9);
    }
}
