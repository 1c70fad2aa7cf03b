package dev.bdsim.sweep;

import dev.bdsim.BadInputException;
import dev.bdsim.cost.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps of the accelerator design: netlist parameters as grid axes, the points a design cannot build, the system metrics. */
class AcceleratorSweepTest {
    static final String SPEC = """
            name: system
            design: accelerator
            traces:
              activations: traces/layer0.attn_in.npy
              tokens: 2
              weights: traces/layer1.ffn_in.npy
              weight_rows: 8
            grid:
              format: [mxfp4, dialectfp4-exh, nvfp4, fp16]
              lanes: [32]
              params:
                ROWS: [4]
                FIFO_DEPTH: [8, 2]
                QUANT_LANES: [32, 16]
            """;

    @Test
    void parametersAreAxesAndWhatADesignCannotBuildIsListed(@TempDir Path dir) throws Exception {
        SweepSpec.Expansion e = SweepTest.spec(dir, SPEC).expand();
        assertEquals(List.of("mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=8 QUANT_LANES=32", "mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=8 QUANT_LANES=16",
                "mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=2 QUANT_LANES=32", "mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=2 QUANT_LANES=16"),
                e.points().subList(0, 4).stream().map(SweepSpec.Point::id).toList());
        assertTrue(e.points().get(0).netlist().endsWith("accelerators/mxfp4.bdn"), e.points().get(0).netlist());
        // FP16 takes no QUANT_LANES: its points keep the first value and leave it out
        List<SweepSpec.Point> fp16 = e.points().stream().filter(p -> p.format().equals("fp16")).toList();
        assertEquals(List.of(Map.of("ROWS", "4", "FIFO_DEPTH", "8"), Map.of("ROWS", "4", "FIFO_DEPTH", "2")),
                fp16.stream().map(SweepSpec.Point::params).toList());
        assertTrue(e.skipped().stream().anyMatch(s -> s.startsWith("nvfp4@16") && s.contains("LANES = 32 does not divide the block of 16")),
                e.skipped().toString());
        assertTrue(e.skipped().stream().anyMatch(s -> s.startsWith("fp16") && s.contains("takes no parameter QUANT_LANES")), e.skipped().toString());
        assertEquals(10, e.points().size());
    }

    @Test
    void aPointRunsTheWholeAcceleratorAndItsCausesShowInItsMetrics(@TempDir Path dir) throws Exception {
        SweepSpec s = SweepTest.spec(dir, SPEC);
        SweepRunner.Outcome o = SweepRunner.run(s, Path.of(""), dir.resolve("out"), 2, (d, t, sec) -> { }, 0);
        Map<String, PointResult> by = new java.util.HashMap<>();
        o.results().forEach(r -> by.put(r.point().id(), r));
        PointResult deep = by.get("mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=8 QUANT_LANES=32");
        PointResult shallow = by.get("mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=2 QUANT_LANES=32");
        PointResult slow = by.get("mxfp4@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=8 QUANT_LANES=16");
        assertEquals(0.0, deep.metric(SweepMetrics.QUANTIZER_STALLS));
        assertTrue(shallow.metric(SweepMetrics.QUANTIZER_STALLS) > 0, "a FIFO shallower than the credit loop stalls the array");
        assertTrue(slow.metric(SweepMetrics.QUANTIZER_STALLS) > 0, "a quantizer at half rate stalls the array");
        assertEquals(5, deep.metric("cycles") - 2 * 2 * 12 - deep.metric("stall_cycles"), 0.0,
                "cycles = issues (2 tokens x 2 output groups x 12 chunks) + stalls + the drain");
        assertEquals(2 * 384 * 2 + 8 * 384 / 2 + 8 * 12 + 2 * 8 * 4, deep.metric(SweepMetrics.DRAM_BYTES),
                "activations (FP16), weights (E2M1 codes and a scale byte per block), outputs (FP32)");
        assertEquals(2 / deep.metric(SweepMetrics.WITH_DRAM), deep.metric(SweepMetrics.TOPS_PER_W), 1e-12);
        assertEquals(deep.metric(SweepMetrics.WITH_DRAM) * deep.metric("macs") / 2, deep.metric(SweepMetrics.PER_TOKEN), 1e-6,
                "energy per token: everything over the 2 tokens");
        // two operations per MAC over the run's time (stalls included) per mm^2 of everything on chip
        for (PointResult r : List.of(deep, slow)) {
            double mm2 = r.areaByGroup().values().stream().mapToDouble(Double::doubleValue).sum() / 1e6;
            assertEquals(2 * r.metric("macs") / (r.metric("cycles") / 500e6) / 1e12 / mm2, r.metric(SweepMetrics.TOPS_PER_MM2),
                    1e-9 * r.metric(SweepMetrics.TOPS_PER_MM2));
        }
        assertTrue(slow.metric(SweepMetrics.TOPS_PER_MM2) < deep.metric(SweepMetrics.TOPS_PER_MM2), "the stalls cost throughput");
        Map<String, Double> energy = deep.energyByGroup();
        assertEquals(SweepMetrics.ACCELERATOR_GROUPS, List.copyOf(energy.keySet()));
        assertEquals(deep.metric(SweepMetrics.WITH_DRAM), energy.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
                "the groups add up to the whole");
        assertTrue(energy.get(Group.DRAM.label()) > energy.get(Group.BUFFER.label()));
        PointResult exhaustive = by.get("dialectfp4-exh@32 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=8 QUANT_LANES=32");
        assertTrue(exhaustive.metric(SweepMetrics.QUANTIZER_ENERGY) > deep.metric(SweepMetrics.QUANTIZER_ENERGY),
                "the exhaustive dialect selector costs more than MX's block maximum");
        PointResult fp16 = by.get("fp16 L32 D1 fp32 45nm 500MHz ROWS=4 FIFO_DEPTH=8");
        assertEquals(0.0, fp16.metric(SweepMetrics.QUANTIZER_ENERGY), "FP16 activations pass through");
        List<String> csv = Files.readAllLines(dir.resolve("out").resolve(ResultsFile.CSV));
        assertTrue(csv.get(0).startsWith("point,format,lanes,depth,acc,tech,clock,ROWS,FIFO_DEPTH,QUANT_LANES,"), csv.get(0));
        assertTrue(csv.get(0).contains("energy_pj_per_mac.DRAM"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.contains(",fp16,") && l.contains(",4,8,,")), "FP16's QUANT_LANES is empty");
        // the same results on one thread
        SweepRunner.run(s, Path.of(""), dir.resolve("one"), 1, (d, t, sec) -> { }, 0);
        assertArrayEquals(Files.readAllBytes(dir.resolve("out").resolve(ResultsFile.JSONL)),
                Files.readAllBytes(dir.resolve("one").resolve(ResultsFile.JSONL)));
    }

    @Test
    void aWeightBufferTooSmallForTheLayerStreamsTilesAndShowsInTheMetrics(@TempDir Path dir) throws Exception {
        // 2 output groups of 4 rows x 12 chunks: resident in 1024 words, two tiles in a one-bank buffer of 12
        SweepSpec s = SweepTest.spec(dir, SPEC.replace("format: [mxfp4, dialectfp4-exh, nvfp4, fp16]", "format: [mxfp4]")
                .replace("FIFO_DEPTH: [8, 2]\n    QUANT_LANES: [32, 16]", "W_WORDS: [1024, 12]\n    W_BANKS: [1]\n    W_DRAM_BYTES: [4]"));
        SweepRunner.Outcome o = SweepRunner.run(s, Path.of(""), dir.resolve("out"), 1, (d, t, sec) -> { }, 0);
        assertEquals(2, o.results().size());
        PointResult resident = o.results().get(0);
        PointResult tiled = o.results().get(1);
        assertEquals("12", tiled.point().params().get("W_WORDS"));
        assertEquals(0.0, resident.metric(SweepMetrics.WEIGHT_STALLS));
        assertTrue(tiled.metric(SweepMetrics.WEIGHT_STALLS) > 0, "the array waits for each tile from a 4-byte channel");
        assertEquals(resident.metric(SweepMetrics.DRAM_BYTES) + 2 * 384 * 2, tiled.metric(SweepMetrics.DRAM_BYTES),
                "the same weight bytes, streamed; the activations once more for the second tile");
assertTrue(tiled.metric("cycles") > resident.metric("cycles") + tiled.metric(SweepMetrics.WEIGHT_STALLS) / 2,
                "the wait for the tiles costs time (the first tile's hides the activations' fill)");
    }

    @Test
    void designAndParameterErrorsNameTheKey(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepTest.spec(dir, SPEC.replace("design: accelerator", "design: system")));
        assertTrue(e.getMessage().contains("'design' = 'system' is not one of [datapath, accelerator]"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> SweepTest.spec(dir, SPEC.replace("ROWS: [4]", "LANES: [4]")));
        assertTrue(e.getMessage().contains("'grid.params.LANES' is set by grid.lanes"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> SweepTest.spec(dir, SPEC.replace("ROWS: [4]", "TOKENS: [4]")));
        assertTrue(e.getMessage().contains("'grid.params.TOKENS' is set from the run"), e.getMessage());
    }

    /**
     * The DRAM bytes of weight-only formats: the additive codebooks (2 books x 256 entries x 8 FP16 values = 8192 bytes)
     * loaded before the run and priced beside the resident weights' codes and row scales (8 rows x (384 / 8 x 2 + 2) = 784);
     * NF4 has no table.
     */
    @Test
    void theAdditiveCodebooksAreDramBytesBesideTheWeights() {
        var x = dev.bdsim.trace.Traces.open("traces/layer0.attn_in.npy");
        var w = dev.bdsim.trace.Traces.open("traces/layer1.ffn_in.npy").readRows(0, 8);
        var tech = dev.bdsim.cost.TechLibrary.named("45nm");
        var options = dev.bdsim.quant.Formats.Options.defaults();
        AcceleratorJob.DramTraffic aq = AcceleratorJob.run(null, Map.of("ROWS", "4"), dev.bdsim.quant.Formats.parse("aq-2x8", options),
                dev.bdsim.arith.AccumulatorSpec.FP32, x, 2, w, true, tech, 500e6).dram();
        assertEquals(8192, aq.tableBytes());
        assertEquals(784, aq.weightBytes());
        assertEquals(aq.activationBytes() + 784 + 8192 + aq.outputBytes(), aq.bytes());
        assertEquals((784 + 8192 + aq.outputBytes()) * tech.dramPjPerByte(), aq.unstreamedPj(), 1e-9);
        AcceleratorJob.DramTraffic nf4 = AcceleratorJob.run(null, Map.of("ROWS", "4"), dev.bdsim.quant.Formats.parse("nf4", options),
                dev.bdsim.arith.AccumulatorSpec.FP32, x, 2, w, true, tech, 500e6).dram();
        assertEquals(0, nf4.tableBytes());
        assertEquals(8 * (384 / 2 + 6 * 2), nf4.weightBytes(), "4-bit codes and an FP16 absmax per 64 weights");
    }
}
