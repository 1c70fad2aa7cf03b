package dev.bdsim.synth;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.synth.AreaCrossCheck;
import dev.bdsim.synth.YosysArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

/** Yosys synthesizes the exported Verilog, and the area proxy tracks its counts. Needs yosys (Debian package). */
class YosysAreaTest {
    static void requireYosys() {
        dev.bdsim.testutil.RequiredTool.require(YosysArea.available(), "yosys not installed (Debian package yosys)");
    }

    @Test
    void aCounterSynthesizesToItsFlipFlopsAndIncrementer(@TempDir Path dir) throws Exception {
        requireYosys();
        var n = Elaborator.elaborate(Path.of("rtl-models/examples/counter.bdn"), null, Map.of());
        YosysArea.Measurement m = YosysArea.synthesize(n, dir, c -> false);
        assertTrue(m.cells() >= 4 && m.cells() < 40, "4 flip-flops and a little logic: " + m);
        assertTrue(m.transistors() > 50 && m.transistors() < 600, m.toString());
    }

    @Test
    void theAreaProxyTracksYosysOverTheMacUnits(@TempDir Path dir) throws Exception {
        requireYosys();
        AreaCrossCheck.Result r = AreaCrossCheck.run(TechLibrary.named("45nm"), dir);
        assertEquals(AreaCrossCheck.MAC_UNITS.size(), r.rows().size());
        assertTrue(r.pearson() > 0.75 && r.spearman() > 0.8, "Pearson " + r.pearson() + ", Spearman " + r.spearman());
        for (AreaCrossCheck.Row row : r.rows()) {
            double ratio = row.proxyGe() / row.yosys().gateEquivalents();
            assertTrue(ratio > 0.4 && ratio < 2.5, row.unit() + ": proxy " + row.proxyGe() + " GE vs Yosys " + row.yosys());
        }
    }
}
