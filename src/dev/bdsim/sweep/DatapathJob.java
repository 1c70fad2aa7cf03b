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
import dev.bdsim.quality.FormatEvaluation;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.trace.RowSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
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
                   long checkedOutputs, double wallSeconds, long peakHeapBytes, dev.bdsim.cost.Timing.Report timing) {
        public double macsPerSecond() {
            return stats.macs() / wallSeconds;
        }
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
                w.cols(), stats, cost, sqnr.db(), checked[0], seconds, peakHeap(), Flow.timing(gemm.netlist(), tech));
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
            throw new CheckFailedException(String.format(java.util.Locale.ROOT,
                    "--check: output [%d][%d] differs: %s %s (0x%08x), functional reference %s (0x%08x)",
                    firstRow + at / cols, at % cols, what, y[at], Float.floatToRawIntBits(y[at]),
                    reference[at], Float.floatToRawIntBits(reference[at])));
        }
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
