package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.format.WeightOnlyFormat;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accelerator netlists against the functional quantize + GEMM, and their cycle and stall counts derived by hand. The
 * derivations use K = 384 (C = 12 chunks of 32 lanes per token), a DRAM without latency and, unless it is the point, with
 * bandwidth to spare: DRAM word i is offered in cycle i + 1 and in the activation buffer from cycle i + 2; the block
 * quantizer's latency is N + 2; a chunk pushed into the FIFO at the end of cycle c can issue in cycle c + 1; the last
 * issue's output leaves DEPTH + 4 = 5 cycles later.
 */
class AcceleratorTest {
    private static final AccumulatorSpec FP32 = AccumulatorSpec.parse("fp32");
    private static final Fp16Matrix X = Traces.open("traces/layer0.attn_in.npy").readRows(0, 3);
    private static final Fp16Matrix W = Traces.open("traces/layer1.ffn_in.npy").readRows(0, 8);
    private static final Fp16Matrix X2 = Traces.open("traces/layer0.attn_in.npy").readRows(0, 2);
    private static final Fp16Matrix W4 = Traces.open("traces/layer1.ffn_in.npy").readRows(0, 4);

    static CycleAccelerator run(String formatId, Map<String, String> design, Fp16Matrix x, Fp16Matrix weights) {
        BlockFormat f = Formats.parse(formatId, Formats.Options.defaults());
        QuantizedTensor w = f.quantize(weights, BlockFormat.Role.WEIGHT);
        CycleAccelerator a = new CycleAccelerator(null, design, f, w, FP32, TechLibrary.named("45nm"), 500e6);
        float[] y = a.multiply(x);
        float[] reference = ReferenceGemm.multiply(f.quantize(x, BlockFormat.Role.ACTIVATION), w, FP32).y();
        assertEquals(-1, CycleGemm.firstMismatch(y, reference), formatId + " " + design);
        return a;
    }

    /** A design without DRAM latency, its bandwidth to spare, and these parameters. */
    static Map<String, String> design(String... pairs) {
        Map<String, String> d = new LinkedHashMap<>(Map.of("DRAM_LATENCY", "0", "DRAM_BYTES", "4096"));
        for (int i = 0; i < pairs.length; i += 2) {
            d.put(pairs[i], pairs[i + 1]);
        }
        return d;
    }

    private static void assertClasses(CycleAccelerator.Stats s, long fill, long issues, long quantizer, long dram, long drain) {
        assertClasses(s, fill, issues, quantizer, dram, 0, drain);
    }

    private static void assertClasses(CycleAccelerator.Stats s, long fill, long issues, long quantizer, long dram, long weights, long drain) {
        assertEquals(fill, s.fillCycles(), "fill");
        assertEquals(issues, s.issues(), "issues");
        assertEquals(quantizer, s.quantizerStallCycles(), "quantizer stalls");
        assertEquals(dram, s.dramStallCycles(), "DRAM stalls");
        assertEquals(weights, s.weightStallCycles(), "weight stalls");
        assertEquals(drain, s.drainCycles(), "drain");
        assertEquals(fill + issues + quantizer + dram + weights + drain, s.cycles(), "cycles");
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4, 32", "dialectfp4-exh, 16", "mxfp4, 32", "mxfp6-e2m3, 16", "mxfp6-e3m2, 32", "mxfp8-e4m3, 8", "mxfp8-e5m2, 32",
            "mxint8, 16", "int4, 32", "int8, 16", "fp16, 0", "nvfp4, 8"})
    void everyFormatBitExactOnARealTrace(String format, int quantLanes) {
        Map<String, String> design = format.equals("fp16") ? Map.of("ROWS", "3") : Map.of("ROWS", "3", "QUANT_LANES", Integer.toString(quantLanes));
        CycleAccelerator.Stats s = run(format, design, X, W).stats();
        int chunks = 384 / s.lanes();
        assertEquals(3L * 8 * 384, s.macs());
        assertEquals(3L * 3 * chunks, s.issues(), "3 tokens x 3 output groups x the chunks of a row");
        assertEquals(3 * 384 * 2, s.activationBytes(), "each activation read once from DRAM");
    }

    /** Chunks narrower than a block: the output's first and last blocks (every chunk of them) open and close it in every group. */
    @ParameterizedTest
    @CsvSource({"mxfp4, 16", "mxfp4, 8", "dialectfp4, 8", "int8, 16", "mxfp8-e4m3, 16", "dialectfp4-exh@64, 16"})
    void blocksOfSeveralChunksOverSeveralOutputGroups(String format, int lanes) {
        CycleAccelerator.Stats s = run(format, Map.of("ROWS", "3", "LANES", Integer.toString(lanes)), X, W).stats();
        assertEquals(3L * 3 * 384 / lanes, s.issues());
    }

    @Test
    void aQuantizerAtHalfTheArraysRateStallsEveryOtherCycle() {
        // 16 elements per cycle (N = 2 chunks per block); word w read in cycle 3 + w (a block needs both its words in the
        // buffer), quantized by cycle w + 7, the gearbox pushes odd words: array chunk m issues in cycle 2m + 9. One group
        // (4 rows), M = 24 chunks.
        CycleAccelerator.Stats s = run("mxfp4", design("ROWS", "4", "QUANT_LANES", "16", "FIFO_DEPTH", "16"), X2, W4).stats();
        assertClasses(s, 9, 24, 23, 0, 5);
        assertEquals(0, s.backpressureCycles(), "the array takes every chunk at once: the FIFO never fills");
        CycleAccelerator.Stats full = run("mxfp4", design("ROWS", "4", "QUANT_LANES", "32", "FIFO_DEPTH", "16"), X2, W4).stats();
        assertClasses(full, 6, 24, 0, 0, 5);
    }

    @Test
    void aDeepEnoughFifoRemovesTheStallsOfEveryBurst() {
        // 32 elements per cycle (N = 1), two output groups. A block's credit comes back 5 cycles after its start (quantizer 3, FIFO 1, credit 1), so
        // with 4 entries group 0 of every token issues chunks 0-3, waits a cycle, 4-7, waits, 8-11: 2 stalls per token.
        CycleAccelerator.Stats shallow = run("mxfp4", design("ROWS", "4", "FIFO_DEPTH", "4"), X, W).stats();
        assertClasses(shallow, 6, 72, 6, 0, 5);
        assertTrue(shallow.backpressureCycles() > 0);
        CycleAccelerator.Stats deep = run("mxfp4", design("ROWS", "4", "FIFO_DEPTH", "5"), X, W).stats();
        assertClasses(deep, 6, 72, 0, 0, 5);
    }

    @Test
    void aDramSlowerThanTheActivationStreamsNeedStallsOnEveryChunk() {
        // 32 bytes per cycle for 64-byte words: word i offered in cycle 2 + 2i, read in 3 + 2i, issued in 7 + 2i; the reader
        // waited for every word in the cycle before, so each stall in cycle 8 + 2i is the DRAM's
        CycleAccelerator.Stats s = run("mxfp4", design("ROWS", "4", "DRAM_BYTES", "32"), X2, W4).stats();
        assertClasses(s, 7, 24, 0, 23, 5);
        // and a latency adds to the fill only
        CycleAccelerator.Stats late = run("mxfp4", design("ROWS", "4", "DRAM_BYTES", "32", "DRAM_LATENCY", "40"), X2,
                W4).stats();
        assertClasses(late, 47, 24, 0, 23, 5);
    }

    @Test
    void weightTilesSlowerFromDramThanTheArrayUsesThemStallItPerTile() {
        // One row, K = 384: 12 words of 16 bytes per output, 4 outputs in a W_WORDS = 24 buffer of two banks: 4 tiles of one
        // output. At 4 bytes per cycle word i arrives in cycle 4 + 4i; tile 0 (words 0-11) is in from cycle 49, its 2 tokens x
        // 12 chunks issue in 49-72 while tile 1 loads into the other bank (words 12-23 in cycles 52-96), so the array waits
        // 73-96: 24 cycles per later tile, and 49 for the first. The block words (1 byte each, 1 byte per cycle) keep pace.
        Map<String, String> tiled = design("ROWS", "1", "W_WORDS", "24", "W_DRAM_BYTES", "4");
        CycleAccelerator.Stats s = run("mxfp4", tiled, X2, W4).stats();
        assertEquals(4, s.tiles());
        assertClasses(s, 0, 96, 0, 0, 49 + 3 * 24, 5);
        assertEquals(4 * 12 * 17, s.weightBytes(), "each weight word and block word streamed once");
        assertEquals(4 * 2 * 384 * 2, s.activationBytes(), "the activations streamed once per tile");
        // the same tiles in one bank (W_WORDS = 12): tile i + 1 loads only after tile i is done (two words from the channel's
        // credit, then one per 4 cycles): 42 per tile
        tiled.put("W_BANKS", "1");
        tiled.put("W_WORDS", "12");
        assertClasses(run("mxfp4", tiled, X2, W4).stats(), 0, 96, 0, 0, 49 + 3 * 42, 5);
        // resident weights (the same outputs in one buffer of 48 words): no weight traffic, no weight stalls
        tiled.put("W_WORDS", "48");
        tiled.put("W_BANKS", "2");
        CycleAccelerator.Stats resident = run("mxfp4", tiled, X2, W4).stats();
        assertEquals(1, resident.tiles());
        assertEquals(0, resident.weightStallCycles());
        assertEquals(0, resident.weightBytes());
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4, 2, 24", "nvfp4, 2, 48", "mxfp8-e4m3, 1, 24", "int8, 2, 36", "fp16, 2, 24", "mxint8, 1, 36", "mxfp4@64, 2, 24"})
    void everyFormatBitExactWithItsWeightsInTiles(String format, int banks, int words) {
        CycleAccelerator.Stats s = run(format, Map.of("ROWS", "2", "W_WORDS", Integer.toString(words), "W_BANKS", Integer.toString(banks)),
                X2, W).stats();
        int chunks = 384 / s.lanes();
        assertTrue(s.tiles() > 1, "streamed");
        assertEquals(2L * 4 * chunks, s.issues(), "2 tokens x 4 output groups x the chunks of a row, whatever the tiles");
    }

    /** The refusal of a format without an accelerator names those with one: every format with a shipped datapath. */
    @Test
    void everyFormatWithADatapathHasAnAccelerator() {
        for (String id : Datapaths.formats()) {
            assertTrue(CycleAccelerator.has(Formats.parse(id, Formats.Options.defaults())), id);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> CycleAccelerator.of(Formats.parse("aq-1x8", Formats.Options.defaults())));
        assertTrue(e.getMessage().contains("aq-1x8 has no accelerator netlist yet; the formats with a shipped datapath have one: dialectfp4,"),
                e.getMessage());
    }

    /** Weight-only rows (FP16 activations passing through), resident and in tiles of one or two banks. */
    @ParameterizedTest
    @CsvSource({"nf4, 2, 24", "bnb-fp4, 1, 24", "hqq-int4, 2, 24", "minmax-int3, 1, 12", "hqq-int2, 1, 36", "int8-channel, 2, 24",
            "int8-channel, 1, 36", "nf4@128, 2, 24", "aq-2x8, 2, 24", "aq-2x8, 1, 12", "nf4-dq, 2, 24", "nf4-dq, 1, 12"})
    void everyWeightOnlyFormatBitExactResidentAndInTiles(String format, int banks, int words) {
        CycleAccelerator.Stats resident = run(format, Map.of("ROWS", "3"), X, W).stats();
        assertEquals(3L * 3 * 384 / resident.lanes(), resident.issues());
        CycleAccelerator.Stats s = run(format, Map.of("ROWS", "2", "W_WORDS", Integer.toString(words), "W_BANKS", Integer.toString(banks)),
                X2, W).stats();
        assertTrue(s.tiles() > 1, "streamed");
        assertEquals(2L * 4 * 384 / s.lanes(), s.issues());
    }

    /**
     * Double-quantized absmax in groups of 8 (48 per row of K = 384): the 8 rows' 384 groups take two second-level scales, and
     * row 5 straddles the boundary at group 256 (its groups 0-15 in the first run, 16-47 in the second), so each row, tile and
     * token must name the run its group is in: resident, in tiles of one output group per bank, and in one bank.
     */
    @ParameterizedTest
    @CsvSource({"3, 4096, 2", "2, 96, 2", "1, 48, 1", "4, 96, 2"})
    void doubleQuantizedAbsmaxReadsTheSecondLevelScaleOfEveryGroupsRun(int rows, int words, int banks) {
        CycleAccelerator a = run("nf4-dq@8", Map.of("ROWS", Integer.toString(rows), "LANES", "8", "W_WORDS", Integer.toString(words),
                "W_BANKS", Integer.toString(banks)), X2, W);
        short[] scales = ((WeightOnlyFormat) Formats.parse("nf4-dq@8", Formats.Options.defaults())).encode(W).table();
        assertEquals(2, scales.length);
        assertTrue(scales[0] != scales[1], "two different scales, so reading the wrong one shows");
        assertEquals(2L * ((8 + rows - 1) / rows) * 48, a.stats().issues());
    }

    /**
     * The weight bytes a weight-only design streams, by hand: 8 rows of K = 384 in 12 chunk words of 32 lanes; NF4's words are
     * 32 x 4 bits = 16 bytes and a group word (64 weights, 2 chunks) 2 bytes, so 8 x (12 x 16 + 6 x 2) = 1632; per-channel
     * INT8's words are 32 bytes and one 2-byte scale per row: 8 x (12 x 32 + 2) = 3088; the additive codebooks' words 4 codes of
     * 16 bits = 8 bytes and a 2-byte row scale: 8 x (12 x 8 + 2) = 784 (the codebooks themselves are loaded before the run).
     * FP16's are 8 x 12 x 64 = 6144.
     */
    @ParameterizedTest
    @CsvSource({"nf4, 1632", "int8-channel, 3088", "hqq-int4, 1728", "aq-2x8, 784", "fp16, 6144"})
    void weightOnlyTilesStreamTheirStoredBytes(String format, long bytes) {
        CycleAccelerator.Stats s = run(format, Map.of("ROWS", "2", "W_WORDS", "24", "W_BANKS", "2"), X2, W).stats();
        assertEquals(4, s.tiles());
        assertEquals(bytes, s.weightBytes());
    }

    @Test
    void utilisationAndTheCostGroupsFollowTheRun() {
        CycleAccelerator a = run("dialectfp4", Map.of("ROWS", "4"), X, W);
        CycleAccelerator.Stats s = a.stats();
        assertEquals((double) s.macs() / (s.cycles() * 4 * 32), s.utilisation(), 1e-12);
        CostReport r = a.cost(TechLibrary.named("45nm"), 500e6);
        double dram = r.sum(c -> c.group() == Group.DRAM, c -> c.operationPj());
        assertEquals(s.activationBytes() * TechLibrary.named("45nm").dramPjPerByte(), dram, 1e-6 * dram);
        assertTrue(r.areaUm2(CostReport.BUFFERS) > 0);
        assertTrue(r.energyPj(c -> c.instance().startsWith("quant.")) > 0);
    }

    @Test
    void aDesignTooSmallForTheRunSaysWhichParameterToRaise() {
        BadInputException e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("ROWS", "1", "W_WORDS", "16"), X, W));
        assertTrue(e.getMessage().contains("do not fit in a weight bank of W_WORDS / W_BANKS = 8 words; raise W_WORDS"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("W_WORDS", "25"), X, W));
        assertTrue(e.getMessage().contains("W_WORDS = 25 must be a multiple of W_BANKS"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("ROWS", "4", "W_LOAD_ROWS", "3"), X, W));
        assertTrue(e.getMessage().contains("W_LOAD_ROWS = 3 must divide ROWS = 4"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("XROW_WORDS", "8"), X, W));
        assertTrue(e.getMessage().contains("XROW_WORDS"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("TOKENS", "3"), X, W));
        assertTrue(e.getMessage().contains("run's shape"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("nvfp4", Map.of("LANES", "32"), X, W));
        assertTrue(e.getMessage().contains("must divide the block size 16"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("QUANT_LANES", "12"), X, W));
        assertTrue(e.getMessage().contains("QUANT_LANES = 12 must divide LANES and the block size 32"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("QUANT_LANES", "4", "LANES", "2"), X, W));
        assertTrue(e.getMessage().contains("QUANT_LANES = 4 must divide LANES and the block size"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("mxfp4", Map.of("LANES", "16", "FIFO_DEPTH", "1"), X, W));
        assertTrue(e.getMessage().contains("raise FIFO_DEPTH to 2"), e.getMessage());
    }
}
