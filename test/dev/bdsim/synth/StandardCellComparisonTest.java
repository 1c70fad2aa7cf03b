package dev.bdsim.synth;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.testutil.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model's area of every single-lane MAC unit and the three quantizers against Yosys + ABC mapped to the
 * OSU 0.18 um cells: each within 15 %, and the MAC units' ratios to synthesis within 1.10 of one another (every ratio
 * between two units within 10 % of synthesis's; the spread today is 1.09, MXFP6-E2M3 against MXFP8-E5M2), so a
 * regression in either direction fails.
 */
class StandardCellComparisonTest {
    static final double MAX_UNIT_SPREAD = 1.10;

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

    /**
     * The alignment shifters of the MX minifloat datapaths (signed products moved left by the exponent sum) and two
     * magnitudes within 25 % of synthesis: the shifters priced as word-select multiplexers rather than nodes of a tree of
     * them came out 1.34 to 1.62, a magnitude priced as an XOR and a half adder per bit 1.73 at 8 bits.
     */
    @Test
    void shiftersAndMagnitudesAgainstStandardCellSynthesis(@TempDir Path dir) throws Exception {
        RequiredTool.require(Files.isRegularFile(TechFromLibertyTest.OSU018), TechFromLibertyTest.OSU018 + " missing (Debian package qflow-tech-osu018)");
        YosysAreaTest.requireYosys();
        // width, product bits, amount bits: MXFP6 E2M3 and E3M2, MXFP8 E4M3 and E5M2
        int[][] shapes = {{13, 9, 3}, {15, 7, 4}, {37, 9, 5}, {67, 7, 6}};
        List<Path> files = new ArrayList<>();
        for (int[] s : shapes) {
            files.add(Files.writeString(dir.resolve("sh" + s[0] + ".bdn"), String.join("\n", "module sh {", "  clock clk",
                    "  in a : s" + s[1], "  in n : u" + s[2], "  out y : s" + s[0],
                    "  inst sh = Shifter(width = " + s[0] + ", a_bits = " + s[1] + ", signed = 1, dir = \"left\", amount_bits = " + s[2] + ")",
                    "  a -> sh.a", "  n -> sh.amount", "  sh.y -> y", "}", "")));
        }
        for (int w : new int[] {8, 16}) {
            files.add(Files.writeString(dir.resolve("abs" + w + ".bdn"), String.join("\n", "module m {", "  clock clk", "  in a : s" + w,
                    "  out y : u" + w, "  inst m = Abs(width = " + w + ")", "  a -> m.a", "  m.y -> y", "}", "")));
        }
        for (StandardCellComparison.Row r : StandardCellComparison.netlists(TechLibrary.named("osu018"), TechFromLibertyTest.OSU018, dir,
                files, Map.of(), (done, total) -> { })) {
            assertTrue(r.ratio() > 0.8 && r.ratio() < 1.25, r.name() + ": model " + Math.round(r.modelUm2()) + " um^2, synthesized "
                    + Math.round(r.synthesized().areaUm2()));
        }
    }

    /**
     * Element decoders within 15 % of synthesis: two E2M1 decoders with the multiplier of their magnitudes (priced apart,
     * as an array and two decoders, they came out 1.20), one E2M1 decoder, and FP16's, decoded by its fields (without its
     * NaN gating and its signed-zero test, 0.58).
     */
    @Test
    void decodersAgainstStandardCellSynthesis(@TempDir Path dir) throws Exception {
        RequiredTool.require(Files.isRegularFile(TechFromLibertyTest.OSU018), TechFromLibertyTest.OSU018 + " missing (Debian package qflow-tech-osu018)");
        YosysAreaTest.requireYosys();
        List<Path> files = List.of(
                Files.writeString(dir.resolve("decmul.bdn"), String.join("\n", "module decmul {", "  clock clk", "  in xc, wc : u4", "  out p : s9",
                        "  inst x_dec = ElementDecoder(format = \"E2M1\")", "  inst w_dec = ElementDecoder(format = \"E2M1\")",
                        "  xc -> x_dec.code", "  wc -> w_dec.code", "  inst mul = Multiplier(a_bits = 4, b_bits = 4, negate = 1)",
                        "  x_dec.magnitude -> mul.a", "  w_dec.magnitude -> mul.b", "  x_dec.sign ^ w_dec.sign -> mul.neg", "  mul.p -> p", "}", "")),
                Files.writeString(dir.resolve("e2m1.bdn"), String.join("\n", "module e2m1 {", "  clock clk", "  in xc : u4", "  out m : u4",
                        "  out s : u1", "  inst x_dec = ElementDecoder(format = \"E2M1\")", "  xc -> x_dec.code", "  x_dec.magnitude -> m",
                        "  x_dec.sign -> s", "}", "")),
                Files.writeString(dir.resolve("fp16.bdn"), String.join("\n", "module fp16 {", "  clock clk", "  in xc : u16", "  out s : u11",
                        "  out h : u5", "  out g : u1", "  inst x_dec = ElementDecoder(format = \"E5M10\")", "  xc -> x_dec.code",
                        "  x_dec.significand -> s", "  x_dec.shift -> h", "  x_dec.sign -> g", "}", "")));
        for (StandardCellComparison.Row r : StandardCellComparison.netlists(TechLibrary.named("osu018"), TechFromLibertyTest.OSU018, dir,
                files, Map.of(), (done, total) -> { })) {
            assertTrue(r.ratio() > 0.85 && r.ratio() < 1.15, r.name() + ": model " + Math.round(r.modelUm2()) + " um^2, synthesized "
                    + Math.round(r.synthesized().areaUm2()));
        }
    }
}
