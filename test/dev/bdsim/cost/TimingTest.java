package dev.bdsim.cost;

import dev.bdsim.flow.Flow;
import dev.bdsim.netlist.Netlist;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Critical paths derived by hand from the logic depths and the 45 nm timing constants. */
class TimingTest {
    static final TechLibrary TECH = TechLibrary.named("45nm");
    static final Path TREE = Path.of("rtl-models/examples/adder_tree.bdn");

    @Test
    void aRegisteredAdderTreeIsLimitedByItsWidestRegisterToRegisterAdd() {
        // LEVELS = 3: the top inputs feed an 8-bit add into the first registers (no clock-to-Q: inputs are the cycle's edge),
        // then 9- and 10-bit adds between registers; an n-bit prefix adder is 1 + 2 ceil(log2 n) + 2 levels: 9, 11, 11
        Netlist n = Flow.elaborate(TREE, null, Map.of("LEVELS", "3"));
        Timing.Report t = Flow.timing(n, TECH);
        double expected = TECH.clockToQPs() + 11 * TECH.gateDelayPs() + TECH.setupPs();
        assertEquals(expected, t.pathPs(), 1e-9);
        assertEquals(1e12 / expected, t.maxClockHz(), 1e-3);
        assertEquals(2, t.path().size(), t.path().toString());
        assertTrue(t.path().get(0).endsWith("add") && t.path().get(1).endsWith("reg"), t.path().toString());

        Timing.Report one = Flow.timing(Flow.elaborate(TREE, null, Map.of("LEVELS", "1")), TECH);
        assertEquals(9 * TECH.gateDelayPs() + TECH.setupPs(), one.pathPs(), 1e-9, "input to the one register: no clock-to-Q");
        assertTrue(one.meets(1e12 / one.pathPs()) && !one.meets(1e12 / one.pathPs() * 1.01));
    }

    @Test
    void logicInSeriesAddsUpAndABlackBoxEndsNoPath() {
        // a depth-0 tree of the shipped int8 datapath: multiplier, adder tree and accumulator in one cycle; cutting the tree
        // with pipeline registers shortens the critical path
        Netlist flat = Flow.elaborate(Path.of("rtl-models/datapaths/int8.bdn"), null, Map.of("LANES", "32", "DEPTH", "0"));
        Netlist piped = Flow.elaborate(Path.of("rtl-models/datapaths/int8.bdn"), null, Map.of("LANES", "32", "DEPTH", "5"));
        Timing.Report a = Flow.timing(flat, TECH);
        Timing.Report b = Flow.timing(piped, TECH);
        assertTrue(b.pathPs() < a.pathPs(), "pipelining the adder tree raises the clock: " + a.describe() + " / " + b.describe());
        int[] outputs = flat.outputs().stream().flatMapToInt(p -> java.util.Arrays.stream(p.nets())).toArray();
        Timing.Report cut = Timing.analyse(flat.circuit(), outputs, TECH, c -> c.typeName().equals("AdderTree"));
        assertTrue(cut.path().stream().noneMatch(s -> s.contains("tree")) && cut.pathPs() < a.pathPs(),
                "a black-boxed tree is on no path: " + cut.describe());
    }
}
