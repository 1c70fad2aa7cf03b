package dev.bdsim.synth;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.testutil.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model's area of every single-lane MAC unit and the three quantizers against Yosys + ABC mapped to the
 * OSU 0.18 um cells: each within 15 %, and the MAC units' ratios to synthesis within 1.20 of one another (the spread
 * today is 1.17, MXFP4 against FP16; the aim is 1.10), so a regression in either direction fails.
 */
class StandardCellComparisonTest {
    static final double MAX_UNIT_SPREAD = 1.20;

    @Test
    void macUnitsAndQuantizersAgainstStandardCellSynthesis(@TempDir Path dir) throws Exception {
        RequiredTool.require(Files.isRegularFile(TechFromLibertyTest.OSU018), TechFromLibertyTest.OSU018 + " missing (Debian package qflow-tech-osu018)");
        YosysAreaTest.requireYosys();
        List<StandardCellComparison.Row> rows = StandardCellComparison.run(TechLibrary.named("osu018"), TechFromLibertyTest.OSU018, dir,
                s -> s == StandardCellComparison.Scope.UNIT);
        assertEquals(AreaCrossCheck.MAC_UNITS.size() + 3, rows.size());
        for (StandardCellComparison.Row r : rows) {
            double ratio = r.ratio();
            String what = r.name() + ": model " + Math.round(r.modelUm2()) + " um^2, synthesized " + Math.round(r.synthesized().areaUm2());
            assertTrue(ratio > 0.85 && ratio < 1.15, what);
            // timing: the MAC units' critical paths against OpenSTA on the same mapped netlists; the quantizers' exported
            // selectors are deeper than their modelled structure (their Verilog sums sequentially), so they are not held
            if (StaticTiming.available() && r.name().endsWith("MAC unit")) {
                double t = r.timingRatio();
                assertTrue(t > 0.9 && t < 2.3, r.name() + ": model path " + r.modelPathPs() + " ps, OpenSTA " + r.staPathPs() + " ps");
            }
        }
        DoubleSummaryStatistics units = rows.stream().filter(r -> r.name().endsWith("MAC unit"))
                .mapToDouble(StandardCellComparison.Row::ratio).summaryStatistics();
        assertTrue(units.getMax() / units.getMin() < MAX_UNIT_SPREAD, "model / synthesized spans " + units.getMin() + " to " + units.getMax());
        if (System.getenv("BDSIM_REQUIRE_TOOLS") != null) {
            assertTrue(StaticTiming.available(), "OpenSTA (sta, Debian package opensta) missing");
        }
    }
}
