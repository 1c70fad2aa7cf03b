package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.kernel.Activity;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stratified sample of tiles, its estimator, and the sampled cycle simulation against the whole run. */
class TileSamplingTest {
    /** Real data: 7 tokens of layer 0's attention input against 23 rows of layer 1's FFN input, K = 384. */
    static final Fp16Matrix X = Traces.open("traces/layer0.attn_in.npy").readRows(0, 7);
    static final Fp16Matrix W = Traces.open("traces/layer1.ffn_in.npy").readRows(20, 23);

    @Test
    void tilesAreDistinctInsideTheProductInRunOrderAndFollowTheSeed() {
        TileSampling a = new TileSampling(100, 300, 16, 50, 1);
        List<CycleGemm.Tile> tiles = a.tiles();
        assertEquals(100L * 19, a.populationTiles()); // 300 rows: 18 tiles of 16 and one of 12
        assertEquals(16, a.strata());
        assertTrue(Math.abs(tiles.size() - 50) <= a.strata(), "about the tiles asked for: " + tiles.size());
        Set<CycleGemm.Tile> seen = new HashSet<>();
        long previous = -1;
        for (CycleGemm.Tile t : tiles) {
            assertTrue(seen.add(t), "drawn twice: " + t);
            assertTrue(t.firstRow() % 16 == 0 && t.firstRow() + t.rows() <= 300 && t.token() < 100, t.toString());
            assertTrue(t.firstOutput(300) > previous, "in run order");
            previous = t.firstOutput(300);
        }
        assertEquals(tiles, new TileSampling(100, 300, 16, 50, 1).tiles());
        assertNotEquals(tiles, new TileSampling(100, 300, 16, 50, 2).tiles());
    }

    @Test
    void sampledEveryTileTheEstimateIsTheExactTotalWithNoInterval() {
        TileSampling all = new TileSampling(5, 30, 4, 1000, 3);
        assertEquals(all.populationTiles(), all.tiles().size());
        List<CycleGemm.TileRun> runs = all.tiles().stream().map(t -> new CycleGemm.TileRun(t, List.of(), t.token() * 100L + t.firstRow())).toList();
        double exact = runs.stream().mapToDouble(CycleGemm.TileRun::cycles).sum();
        TileSampling.Estimate e = all.total(runs, r -> r.cycles());
        assertEquals(exact, e.value(), 1e-6 * exact);
        assertEquals(0, e.halfWidth(), 1e-9);
    }

    @Test
    void aPartialSampleOfAConstantPerOutputEstimatesItExactly() {
        TileSampling some = new TileSampling(50, 100, 8, 40, 4);
        List<CycleGemm.TileRun> runs = some.tiles().stream().map(t -> new CycleGemm.TileRun(t, List.of(), 3L * t.rows())).toList();
        TileSampling.Estimate e = some.total(runs, r -> r.cycles());
        assertEquals(3.0 * 50 * 100, e.value(), 1e-6);
        assertEquals(0, e.halfWidth(), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "16, 0"})
    void badSampleSizesAreRefusedNamingTheOption(int rows, long tiles) {
        BadInputException e = assertThrows(BadInputException.class, () -> new TileSampling(10, 10, rows, tiles, 1));
        assertTrue(e.getMessage().contains(rows < 1 ? "--sample-rows" : "--sample"), e.getMessage());
    }

    private static CycleGemm gemm(QuantizedTensor w) {
        return new CycleGemm(Datapaths.of("dialectfp4"), null, Map.of("LANES", "16", "DEPTH", "2"), w, AccumulatorSpec.FP32);
    }

    /** Every tile sampled: the tiles and the drain are the whole run, activity for activity and cycle for cycle. */
    @Test
    void everyTileSampledIsTheWholeRunExactly() {
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        QuantizedTensor x = f.quantize(X, BlockFormat.Role.ACTIVATION);
        QuantizedTensor w = f.quantize(W, BlockFormat.Role.WEIGHT);
        CycleGemm whole = gemm(w);
        float[] y = whole.multiply(x);
        CycleGemm.Stats stats = whole.stats();

        TileSampling all = new TileSampling(x.rows(), w.rows(), 5, Long.MAX_VALUE / 4, 1);
        float[] sampledY = new float[y.length];
        CycleGemm.Sampled s = gemm(w).sample(x, all.tiles(), (token, row, v) -> sampledY[token * w.rows() + row] = v);
        assertEquals(-1, CycleGemm.firstMismatch(y, sampledY));
        long cycles = s.tiles().stream().mapToLong(CycleGemm.TileRun::cycles).sum() + s.drainCycles();
        assertEquals(stats.cycles(), cycles);
        assertEquals(stats.cycles(), s.simulatedCycles());
        List<Activity> sum = Activity.plus(all.activity(s.tiles()), s.drain());
        assertEquals(stats.activity(), sum);
    }

    /** A tile simulated after a warm-up does what it does in the whole run: the warm-up restores every register and net. */
    @Test
    void aSampledTileAfterItsWarmUpDoesWhatItDoesInTheWholeRun() {
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        QuantizedTensor x = f.quantize(X, BlockFormat.Role.ACTIVATION);
        QuantizedTensor w = f.quantize(W, BlockFormat.Role.WEIGHT);
        TileSampling all = new TileSampling(x.rows(), w.rows(), 5, Long.MAX_VALUE / 4, 1);
        Map<CycleGemm.Tile, CycleGemm.TileRun> whole = new java.util.HashMap<>();
        gemm(w).sample(x, all.tiles(), (t, r, v) -> { }).tiles().forEach(r -> whole.put(r.tile(), r));
        // far apart: each one after a warm-up from wherever the previous left the pipeline
        List<CycleGemm.Tile> few = List.of(all.tiles().get(9), all.tiles().get(17), all.tiles().get(30));
        List<CycleGemm.TileRun> runs = gemm(w).sample(x, few, (t, r, v) -> { }).tiles();
        for (CycleGemm.TileRun r : runs) {
            assertEquals(whole.get(r.tile()).cycles(), r.cycles());
            assertEquals(whole.get(r.tile()).activity(), r.activity(), "tile " + r.tile());
        }
    }

    /** The job's energy from every tile sampled is the exhaustive run's; from a tenth of them, inside its 95 % interval. */
    @Test
    void theSampledJobEstimatesTheExhaustiveEnergy() {
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        dev.bdsim.cost.TechLibrary tech = dev.bdsim.cost.TechLibrary.named("45nm");
        dev.bdsim.trace.RowSource x = Traces.open("traces/layer0.attn_in.npy");
        Fp16Matrix w = Traces.open("traces/layer1.ffn_in.npy").readRows(0, 96);
        Map<String, String> params = Map.of("LANES", "32");
        var whole = dev.bdsim.sweep.DatapathJob.run(Datapaths.of("dialectfp4"), params, f, AccumulatorSpec.FP32, x, 40, 40, w, false, tech, 500e6);
        double exact = whole.cost().energyPj(dev.bdsim.cost.CostReport.ALL);
        var all = dev.bdsim.sweep.DatapathJob.runSampled(Datapaths.of("dialectfp4"), params, f, AccumulatorSpec.FP32, x, 40, w, true, tech,
                500e6, 1_000_000, 8, 1);
        assertEquals(whole.stats().cycles(), all.stats().cycles());
        assertEquals(exact, all.sampling().energyPj().value(), 1e-9 * exact);
        assertEquals(exact, all.cost().energyPj(dev.bdsim.cost.CostReport.ALL), 1e-9 * exact);
        assertEquals(40 * 96, all.checkedOutputs());
        var tenth = dev.bdsim.sweep.DatapathJob.runSampled(Datapaths.of("dialectfp4"), params, f, AccumulatorSpec.FP32, x, 40, w, false, tech,
                500e6, 48, 8, 1);
        TileSampling.Estimate e = tenth.sampling().energyPj();
        assertTrue(Math.abs(e.value() - exact) <= e.halfWidth(), "estimate " + e + " against " + exact);
        assertTrue(e.relativeHalfWidth() < 0.05, "interval " + e);
        assertEquals(whole.stats().cycles(), tenth.stats().cycles());
    }

    @Test
    void tilesOutOfOrderAreRefused() {
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        QuantizedTensor x = f.quantize(X, BlockFormat.Role.ACTIVATION);
        QuantizedTensor w = f.quantize(W, BlockFormat.Role.WEIGHT);
        List<CycleGemm.Tile> backwards = List.of(new CycleGemm.Tile(3, 0, 5), new CycleGemm.Tile(1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> gemm(w).sample(x, backwards, (t, r, v) -> { }));
    }
}
