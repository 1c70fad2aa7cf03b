package dev.bdsim.sweep;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.ComponentCost;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleAccelerator;
import dev.bdsim.gemm.RowsDone;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.quality.FormatEvaluation;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.trace.RowSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One GEMM through an accelerator netlist: the activation rows streamed from its DRAM channel and
 * quantized online, the weights quantized offline and held in its weight buffers (resident, or
 * streamed in tiles); optionally checked bit for bit against the functional quantize + GEMM; output
 * SQNR against the FP64 product; costs from the recorded activity, with the off-chip traffic the
 * netlist does not stream itself (resident weights, loaded before the run, and the outputs) priced per byte.
 */
public final class AcceleratorJob {
    /** Components of the online activation quantizer: the netlist's instance {@code quant}. */
    public static final Predicate<ComponentCost> QUANTIZER = c -> c.instance().startsWith("quant.");

    /**
     * Bytes moved to and from off-chip memory, per tensor, and their energy at the library's figure per byte. The activations
     * (and weights in tiles) stream through the netlist's DRAM channels, whose energy its cost report holds. {@code tableBytes}:
     * a weight-only format's per-tensor decoder tables (codebooks, second-level scales), loaded before the run.
     */
    public record DramTraffic(long activationBytes, long weightBytes, boolean weightsStreamed, long tableBytes, long outputBytes,
                              double pjPerByte) {
        public long bytes() {
            return activationBytes + weightBytes + tableBytes + outputBytes;
        }

        /** Energy of the traffic the netlist does not stream: the outputs, the tables and resident weights. */
        public double unstreamedPj() {
            return ((weightsStreamed ? 0 : weightBytes) + tableBytes + outputBytes) * pjPerByte;
        }
    }

    /** Everything a run reports. */
    public record Outcome(Path netlist, String top, Map<String, Object> parameters, BlockFormat format, AccumulatorSpec acc,
                          int rows, int cols, int k, CycleAccelerator.Stats stats, CostReport cost, DramTraffic dram,
                          double outputSqnrDb, long checkedOutputs, double wallSeconds, dev.bdsim.cost.Timing.Report timing) {
        /** Energy of the online quantizer's components. */
        public double quantizerPj() {
            return cost.energyPj(QUANTIZER);
        }

        /** Energy of the datapath groups other than the quantizer: the array, the FIFO, the sequencer, the tile loaders. */
        public double arrayPj() {
            return cost.energyPj(CostReport.DATAPATH.and(QUANTIZER.negate()));
        }

        public double bufferPj() {
            return cost.energyPj(CostReport.BUFFERS);
        }

        /** All off-chip traffic: the streamed activations and the weights and outputs. */
        public double dramPj() {
            return cost.energyPj(CostReport.OFF_CHIP) + dram.unstreamedPj();
        }

        public double totalPj() {
            return cost.energyPj(CostReport.ALL) + dram.unstreamedPj();
        }

        public double pjPerMac(double pj) {
            return pj / stats.macs();
        }

        /** Operations (two per MAC) per second per watt, in TOPS/W: everything included. */
        public double topsPerWatt() {
            return 2.0 / pjPerMac(totalPj());
        }

        /** Operations per second of the run (stalls included) per mm² of chip (buffers included), in TOPS/mm². */
        public double topsPerMm2() {
            return 2.0 * stats.macs() / cost.seconds() / 1e12 / (cost.areaUm2(c -> true) / 1e6);
        }
    }

    private AcceleratorJob() {}

    /** Rows {@code [0, tokens)} ({@code 0}: all) of the activations through {@code netlist} (the format's shipped one when null). */
    public static Outcome run(Path netlist, Map<String, String> params, BlockFormat format, AccumulatorSpec acc, RowSource activations,
                              int tokens, Fp16Matrix weights, boolean check, TechLibrary tech, double clockHz) {
        return run(netlist, params, format, acc, activations, tokens, weights, check, tech, clockHz, (done, total) -> { });
    }

    /** As above; {@code progress} hears each time a token's outputs are out. */
    public static Outcome run(Path netlist, Map<String, String> params, BlockFormat format, AccumulatorSpec acc, RowSource activations,
                              int tokens, Fp16Matrix weights, boolean check, TechLibrary tech, double clockHz, RowsDone progress) {
        int rows = DatapathJob.rows(activations, weights, tokens);
        long start = System.nanoTime();
        QuantizedTensor w = format.quantize(weights, BlockFormat.Role.WEIGHT);
        CycleAccelerator a = new CycleAccelerator(netlist, params, format, w, acc, tech, clockHz);
        Fp16Matrix x = activations.readRows(0, rows);
        float[] y = a.multiply(x, (n, sim) -> { }, progress);
        long checked = 0;
        if (check) {
            DatapathJob.check("accelerator", y, ReferenceGemm.multiply(format.quantize(x, BlockFormat.Role.ACTIVATION), w, acc).y(), 0,
                    w.rows());
            checked = y.length;
        }
        Sqnr.Running sqnr = new Sqnr.Running();
        sqnr.add(FormatEvaluation.reference(x, weights), y);
        CycleAccelerator.Stats s = a.stats();
        int metaBits = format.blockFields().stream().mapToInt(BlockFormat.BlockField::bits).sum();
        long tableBytes = w.stored() != null ? 2L * w.stored().table().length : 0;
        long weightBits = w.stored() != null ? w.stored().bits() - 8 * tableBytes
                : (long) w.rows() * w.paddedCols() * format.elementBits() + (long) w.rows() * w.blocksPerRow() * metaBits;
        DramTraffic dram = new DramTraffic(s.activationBytes(), s.weightsStreamed() ? s.weightBytes() : (weightBits + 7) / 8,
                s.weightsStreamed(), tableBytes, (long) rows * w.rows() * Float.BYTES, tech.dramPjPerByte());
        CostReport cost = Flow.cost(a.netlist(), s.activity(), s.cycles(), tech, clockHz, s.macs());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(a.netlist().file() == null ? null : Path.of(a.netlist().file()), a.netlist().top(), a.netlist().parameters(),
                format, acc, rows, w.rows(), w.cols(), s, cost, dram, sqnr.db(), checked, seconds, Flow.timing(a.netlist(), tech));
    }
}
