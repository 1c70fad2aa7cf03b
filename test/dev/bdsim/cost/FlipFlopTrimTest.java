package dev.bdsim.cost;

import dev.bdsim.flow.Flow;
import dev.bdsim.kernel.Component;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The flip-flops synthesis keeps, each register built with one cause of a dropped flip-flop planted: a constant bit, a
 * copied sign bit, a bit nobody reads; and registers that keep every bit though they look alike.
 */
class FlipFlopTrimTest {
    private static final String[] NETLIST = {
        "module t {",
        "  clock clk",
        "  in x : s4",
        "  in y : u8",
        "  out o_sext : s8", "  out o_zext, o_zext_init, o_loop, o_full, o_chain : u8", "  out o_low : u4", "  out o_twice : u8", "  out o_literal : s10", "  out o_sum : u9",
        // a sign extension: the four upper bits are copies of the sign
        "  inst sign_copies = Register(width = 8, signed = 1)", "  sext(x, 8) -> sign_copies.d", "  sign_copies.q -> o_sext",
        // four constant zero bits with reset value zero
        "  inst constant_bits = Register(width = 8)", "  zext(y[3:0], 8) -> constant_bits.d", "  constant_bits.q -> o_zext",
        // the same zero bits resetting to one change once and stay: the four are one flip-flop, the same input and reset
        "  inst reset_ones = Register(width = 8, init = 255)", "  zext(y[3:0], 8) -> reset_ones.d", "  reset_ones.q -> o_zext_init",
        // only the low half is read
        "  inst half_read = Register(width = 8)", "  y -> half_read.d", "  half_read.q[3:0] -> o_low",
        // every bit read, and each a different input bit
        "  inst all_read = Register(width = 8)", "  y -> all_read.d", "  all_read.q -> o_full",
        // held in a loop through an adder: every bit its own
        "  inst held = Register(width = 8)", "  trunc(held.q + 1, 8) -> held.d", "  held.q -> o_loop",
        // a low half written twice: the copies are one flip-flop each
        "  inst doubled = Register(width = 8)", "  {y[3:0], y[3:0]} -> doubled.d", "  doubled.q -> o_twice",
        // a 9-bit value less 256 lies in -256..255: the sum's tenth bit repeats its ninth
        "  inst literal_sum = Register(width = 10, signed = 1)", "  zext(y, 9) - 256 -> literal_sum.d", "  literal_sum.q -> o_literal",
        // two 8-bit values add up to 0..510: every bit of the 9 needed
        "  inst full_sum = Register(width = 9)", "  y + y -> full_sum.d", "  full_sum.q -> o_sum",
        // a delay line of four constant bits and four others: four flip-flops per stage
        "  inst line = Delay(width = 8, depth = 3)", "  zext(y[3:0], 8) -> line.d", "  line.q -> o_chain",
        "}", ""};

    @Test
    void eachPlantedCauseDropsItsFlipFlopsAndNoOther(@TempDir Path dir) throws Exception {
        Netlist n = netlist(dir);
        FlipFlopTrim trim = Flow.flattening(n).flipFlops();
        Map<String, Long> kept = new java.util.TreeMap<>();
        for (Component c : n.circuit().components()) {
            if (c instanceof BitRegisters) {
                kept.put(c.name(), trim.keptBits(c));
            }
        }
        assertEquals(Map.of("sign_copies", 4L, "constant_bits", 4L, "reset_ones", 5L, "half_read", 4L, "all_read", 8L, "held", 8L,
                "doubled", 4L, "line", 4L, "literal_sum", 9L, "full_sum", 9L), kept);
    }

    @Test
    void aTrimmedRegisterCostsTheAreaAndClockOfTheFlipFlopsItKeeps(@TempDir Path dir) throws Exception {
        Netlist n = netlist(dir);
        FlipFlopTrim trim = Flow.flattening(n).flipFlops();
        CostModel model = new CostModel(TechLibrary.named("45nm"));
        Component halfRead = component(n, "half_read");
        Component allRead = component(n, "all_read");
        assertEquals(model.areaGe(allRead, Flattening.NONE), model.areaGe(allRead, Flow.flattening(n)), 1e-12);
        assertEquals(model.areaGe(allRead, Flattening.NONE) / 2, model.areaGe(halfRead, Flow.flattening(n)), 1e-9);
        Shape full = ((CostFormula) halfRead).shape(TechLibrary.named("45nm"));
        assertEquals(full.registerBits() / 2, trim.apply(halfRead, full, TechLibrary.named("45nm")).registerBits(), 1e-12);
        Component line = component(n, "line");
        Shape chain = ((CostFormula) line).shape(TechLibrary.named("45nm"));
        assertEquals(chain.registerBits() / 2, trim.apply(line, chain, TechLibrary.named("45nm")).registerBits(), 1e-12, "three stages of four flip-flops");
    }

    @Test
    void withoutTrimmingEveryDeclaredFlipFlopIsKept(@TempDir Path dir) throws Exception {
        Netlist n = netlist(dir);
        Component signCopies = component(n, "sign_copies");
        Shape s = ((CostFormula) signCopies).shape(TechLibrary.named("45nm"));
        assertEquals(s, FlipFlopTrim.NONE.apply(signCopies, s, TechLibrary.named("45nm")));
        assertEquals(-1, FlipFlopTrim.NONE.absorbedResets(signCopies));
        assertEquals(-1, FlipFlopTrim.NONE.keptBits(signCopies));
    }

    private static final String[] RESETS = {
        "module r {",
        "  clock clk",
        "  reset rst",
        "  in x, y : u8",
        "  in en : u1",
        "  out o_sum, o_input, o_chain, o_enabled, o_line, o_routed : u8",
        // fed by an adder: the adder's last gates take the reset
        "  inst after_logic = Register(width = 8)", "  trunc(x + y, 8) -> after_logic.d", "  after_logic.q -> o_sum",
        // fed by a top input and by another register: a gate of their own
        "  inst after_input = Register(width = 8)", "  x -> after_input.d", "  after_input.q -> o_input",
        "  inst after_register = Register(width = 8)", "  after_input.q -> after_register.d", "  after_register.q -> o_chain",
        // an enable does not change where the bits come from
        "  inst enabled = Register(width = 8)", "  en -> enabled.en", "  unsigned(trunc(x - y, 8)) -> enabled.d", "  enabled.q -> o_enabled",
        // a delay line: only its first stage follows the logic
        "  inst line = Delay(width = 8, depth = 3)", "  trunc(x + y, 8) -> line.d", "  line.q -> o_line",
        // half from logic, half from an input, through wiring
        "  inst mixed = Register(width = 8)", "  {trunc(x + y, 8)[3:0], y[3:0]} -> mixed.d", "  mixed.q -> o_routed",
        "}", ""};

    @Test
    void theResetGateOfAFlipFlopFedByLogicIsAbsorbedAndNoOther(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.bdn");
        Files.writeString(file, String.join("\n", RESETS));
        Netlist n = Elaborator.elaborate(file, null, Map.of());
        FlipFlopTrim trim = Flow.flattening(n).flipFlops();
        Map<String, Long> absorbed = new java.util.TreeMap<>();
        for (Component c : n.circuit().components()) {
            if (c instanceof BitRegisters) {
                absorbed.put(c.name(), trim.absorbedResets(c));
            }
        }
        assertEquals(Map.of("after_logic", 8L, "after_input", 0L, "after_register", 0L, "enabled", 8L, "line", 8L, "mixed", 4L), absorbed);
        TechLibrary tech = TechLibrary.named("osu018");
        CostModel model = new CostModel(tech);
        Component afterLogic = component(n, "after_logic");
        assertEquals(model.areaGe(afterLogic, Flattening.NONE) - 8 * tech.andGe(), model.areaGe(afterLogic, Flow.flattening(n)), 1e-9);
        Component line = component(n, "line");
        assertEquals(model.areaGe(line, Flattening.NONE) - 8 * tech.andGe(), model.areaGe(line, Flow.flattening(n)), 1e-9, "the first of three stages");
        Component afterInput = component(n, "after_input");
        assertEquals(model.areaGe(afterInput, Flattening.NONE), model.areaGe(afterInput, Flow.flattening(n)), 1e-12);
    }

    private static Netlist netlist(Path dir) throws Exception {
        Path file = dir.resolve("t.bdn");
        Files.writeString(file, String.join("\n", NETLIST));
        return Elaborator.elaborate(file, null, Map.of());
    }

    private static Component component(Netlist n, String name) {
        return n.circuit().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
