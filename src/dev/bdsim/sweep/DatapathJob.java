package dev.bdsim.sweep;

import dev.bdsim.BadInputException;
import dev.bdsim.CheckFailedException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.gemm.RowsDone;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.gemm.TileSampling;
import dev.bdsim.kernel.Activity;
import dev.bdsim.quality.FormatEvaluation;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.trace.RowSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One GEMM through a datapath netlist: activation rows streamed from a trace in batches, quantized,
 * simulated cycle by cycle against weights held in the netlist's buffers; optionally checked bit
 * for bit against the functional GEMM; output SQNR against the FP64 product; costs from the
 * recorded activity.
 */
public final class DatapathJob {
    /** Everything a run reports. */
    public record Outcome(Path netlist, String top, Map<String, Object> parameters, BlockFormat format, AccumulatorSpec acc,
                   int rows, int cols, int k, CycleGemm.Stats stats, CostReport cost, double outputSqnrDb,
                   long checkedOutputs, double wallSeconds, long peakHeapBytes, dev.bdsim.cost.Timing.Report timing,
                   Sampling sampling) {
        public double macsPerSecond() {
            return stats.macs() / wallSeconds;
        }
    }

    /**
     * How a sampled run stood for the whole product: tiles simulated of all, their strata and rows, the cycles simulated (warm-up
     * and drain included), and the 95 % intervals of the energy estimates (with buffers, and of the datapath alone).
     */
    public record Sampling(long sampledTiles, long populationTiles, int strata, int tileRows, long simulatedCycles,
                           TileSampling.Estimate energyPj, TileSampling.Estimate datapathPj) {
    }

    private DatapathJob() {}

    public static Outcome run(Path netlist, Map<String, String> params, BlockFormat format, AccumulatorSpec acc,
                       RowSource activations, int tokens, int batchRows, Fp16Matrix weights, boolean check,
                       TechLibrary tech, double clockHz) {
        return run(netlist, params, format, acc, activations, tokens, batchRows, weights, check, tech, clockHz, (done, total) -> { });
    }

    /**
     * The format's online activation quantizer hardware (it must have one, {@link CycleQuantizer#has}) on rows
     * {@code [0, rows)} of the activations, in batches of {@code batchRows} as the datapath's run quantizes them, checked bit
     * for bit: as narrow as keeps up with a datapath of {@code lanes} multipliers over {@code outputs} output features
     * ({@link CycleQuantizer#chunksToKeepUp}), its cost at the datapath's technology and clock.
     */
    public static CostReport quantizer(BlockFormat format, int lanes, int outputs, RowSource activations, int rows, int batchRows,
                                       TechLibrary tech, double clockHz) {
        int n = CycleQuantizer.chunksToKeepUp(format.blockSize(), lanes, outputs);
        CycleQuantizer q = new CycleQuantizer(null, CycleQuantizer.clocked(null, Map.of("N", Integer.toString(n)), format, tech, clockHz),
                format);
        CycleQuantizer.Stats s = q.runChecked(activations, rows, batchRows);
        return Flow.cost(q.netlist(), s.activity(), s.cycles(), tech, clockHz, s.elements());
    }

    /** As above; {@code progress} hears after each batch how many activation rows have come out. */
    public static Outcome run(Path netlist, Map<String, String> params, BlockFormat format, AccumulatorSpec acc,
                       RowSource activations, int tokens, int batchRows, Fp16Matrix weights, boolean check,
                       TechLibrary tech, double clockHz, RowsDone progress) {
        int rows = rows(activations, weights, tokens);
        long start = System.nanoTime();
        QuantizedTensor w = format.quantize(weights, BlockFormat.Role.WEIGHT);
        CycleGemm gemm = new CycleGemm(netlist, null, params, w, acc);
        Sqnr.Running sqnr = new Sqnr.Running();
        long[] checked = {0};
        int[] next = {0};
        Fp16Matrix[] batch = new Fp16Matrix[1];
        CycleGemm.Stats stats = gemm.run(() -> {
            if (next[0] >= rows) {
                return null;
            }
            int n = Math.min(batchRows, rows - next[0]);
            batch[0] = activations.readRows(next[0], n);
            next[0] += n;
            return format.quantize(batch[0], BlockFormat.Role.ACTIVATION);
        }, (firstRow, x, y) -> {
            if (check) {
                check("datapath", y, ReferenceGemm.multiply(x, w, acc).y(), firstRow, w.rows());
                checked[0] += y.length;
            }
            sqnr.add(FormatEvaluation.reference(batch[0], weights), y);
            progress.update(firstRow + y.length / w.rows(), rows);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        CostReport cost = Flow.cost(gemm.netlist(), stats.activity(), stats.cycles(), tech, clockHz, stats.macs());
        return new Outcome(netlist, gemm.netlist().top(), gemm.netlist().parameters(), format, acc, rows, w.rows(),
                w.cols(), stats, cost, sqnr.db(), checked[0], seconds, peakHeap(), Flow.timing(gemm.netlist(), tech), null);
    }

    /**
     * As {@link #run}, simulating only a stratified random sample of {@code tiles} tiles of one activation row against
     * {@code tileRows} output rows ({@link TileSampling}), every activation row quantized at once. Cycles are the schedule's,
     * exact: one chunk per cycle for every output, then the drain, simulated. Energy, activity and the cost breakdown are
     * the sample's, scaled to the product, with 95 % intervals; the check and the output SQNR cover the sampled outputs.
     */
    public static Outcome runSampled(Path netlist, Map<String, String> params, BlockFormat format, AccumulatorSpec acc,
                                     RowSource activations, int tokens, Fp16Matrix weights, boolean check, TechLibrary tech,
                                     double clockHz, long tiles, int tileRows, long seed) {
        int rows = rows(activations, weights, tokens);
        long start = System.nanoTime();
        QuantizedTensor w = format.quantize(weights, BlockFormat.Role.WEIGHT);
        CycleGemm gemm = new CycleGemm(netlist, null, params, w, acc);
        Fp16Matrix xs = activations.readRows(0, rows);
        QuantizedTensor x = format.quantize(xs, BlockFormat.Role.ACTIVATION);
        TileSampling plan = new TileSampling(rows, w.rows(), tileRows, tiles, seed);
        float[] reference = check ? ReferenceGemm.multiply(x, w, acc).y() : null;
        int cols = w.rows();
        int k = w.cols();
        int sampledOutputs = plan.tiles().stream().mapToInt(CycleGemm.Tile::rows).sum();
        double[] fp64 = new double[sampledOutputs];
        float[] got = new float[sampledOutputs];
        int[] taken = {0};
        CycleGemm.Sampled s = gemm.sample(x, plan.tiles(), (token, row, value) -> {
            if (check && Float.floatToRawIntBits(reference[token * cols + row]) != Float.floatToRawIntBits(value)) {
                throw differs("datapath", token, row, value, reference[token * cols + row]);
            }
            double exact = 0;
            for (int c = 0; c < k; c++) {
                exact += xs.value(token, c) * weights.value(row, c);
            }
            fp64[taken[0]] = exact;
            got[taken[0]++] = value;
        });
        Sqnr.Running sqnr = new Sqnr.Running();
        sqnr.add(fp64, got);
        long outputs = (long) rows * cols;
        long chunks = outputs * gemm.chunksPerRow();
        long cycles = chunks + s.drainCycles();
        List<Activity> activity = Activity.plus(plan.activity(s.tiles()), s.drain());
        long macs = outputs * k;
        // each tile's cost once; the drain, simulated whole, adds its exact energy
        Map<CycleGemm.Tile, CostReport> tileCost = new java.util.HashMap<>();
        s.tiles().forEach(r -> tileCost.put(r.tile(), Flow.cost(gemm.netlist(), r.activity(), r.cycles(), tech, clockHz, 1)));
        CostReport drain = Flow.cost(gemm.netlist(), s.drain(), s.drainCycles(), tech, clockHz, 1);
        TileSampling.Estimate all = plan.total(s.tiles(), r -> tileCost.get(r.tile()).energyPj(CostReport.ALL))
                .plus(drain.energyPj(CostReport.ALL));
        TileSampling.Estimate datapath = plan.total(s.tiles(), r -> tileCost.get(r.tile()).energyPj(CostReport.DATAPATH))
                .plus(drain.energyPj(CostReport.DATAPATH));
        CycleGemm.Stats stats = new CycleGemm.Stats(cycles, chunks, macs, gemm.lanes(), 0, activity);
        CostReport cost = Flow.cost(gemm.netlist(), activity, cycles, tech, clockHz, macs);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(netlist, gemm.netlist().top(), gemm.netlist().parameters(), format, acc, rows, cols, k, stats, cost,
                sqnr.db(), check ? sampledOutputs : 0, seconds, peakHeap(), Flow.timing(gemm.netlist(), tech),
                new Sampling(s.tiles().size(), plan.populationTiles(), plan.strata(), plan.tileRows(), s.simulatedCycles(), all, datapath));
    }

    /** Rows {@code [0, tokens)} of the activations ({@code 0}: all), once their K matches the weights'. */
    static int rows(RowSource activations, Fp16Matrix weights, int tokens) {
        if (weights.cols() != activations.cols()) {
            throw new BadInputException("weights have K = " + weights.cols() + " columns but the activations have K = "
                    + activations.cols() + "; Y = X·Wᵀ needs equal K");
        }
        return tokens > 0 ? Math.min(tokens, activations.rows()) : activations.rows();
    }

    /** {@code --check}: the outputs of {@code what} from activation row {@code firstRow} on, bit for bit against the reference's. */
    static void check(String what, float[] y, float[] reference, int firstRow, int cols) {
        int at = CycleGemm.firstMismatch(y, reference);
        if (at >= 0) {
            throw differs(what, firstRow + at / cols, at % cols, y[at], reference[at]);
        }
    }

    private static CheckFailedException differs(String what, int row, int col, float value, float reference) {
        return new CheckFailedException(String.format(java.util.Locale.ROOT,
                "--check: output [%d][%d] differs: %s %s (0x%08x), functional reference %s (0x%08x)", row, col, what, value,
                Float.floatToRawIntBits(value), reference, Float.floatToRawIntBits(reference)));
    }

    public static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
