package dev.bdsim.quality;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.ReferenceGemm;

/**
 * Quantizes activations (and optionally weights) in one format and measures what it costs in
 * accuracy: element SQNR of each tensor against its FP16 input, output SQNR of {@code X·Wᵀ}
 * against the FP64 product of the FP16 inputs, and the dialect histogram for DialectFP4.
 */
public record FormatEvaluation(
        BlockFormat format,
        QuantizedTensor activations,
        QuantizedTensor weights,
        double activationSqnrDb,
        double weightSqnrDb,
        double outputSqnrDb,
        long accumulatorOverflows,
        long[] activationDialects,
        long[] weightDialects) {

    /**
     * One format's evaluation accumulated over row batches of the activations, so a trace of any size streams: the element
     * and output SQNR sums, the overflows and the dialect histogram add up batch by batch (the weights are quantized once).
     * The format is taken {@link BlockFormat#forTensor for the whole tensor}, so every batch is quantized as the whole would be.
     */
    public static final class Running {
        private final BlockFormat format;
        private final Fp16Matrix weights;
        private final QuantizedTensor qw;
        private final AccumulatorSpec acc;
        private final Sqnr.Running activation = new Sqnr.Running();
        private final Sqnr.Running output = new Sqnr.Running();
        private long overflows;
        private long[] dialects;

        /** {@code amax}: the bits of the whole activation tensor's largest FP16 magnitude; {@code w} null without weights. */
        public Running(BlockFormat format, int amax, Fp16Matrix w, AccumulatorSpec acc) {
            this.format = format.forTensor(amax);
            this.weights = w;
            this.qw = w == null ? null : format.quantize(w, Role.WEIGHT);
            this.acc = acc;
        }

        /** Adds a batch of activation rows; {@code reference} is its FP64 product with the weights (null without weights). */
        public QuantizedTensor add(Fp16Matrix x, double[] reference) {
            QuantizedTensor qx = format.quantize(x, Role.ACTIVATION);
            activation.add(x.toDoubles(), qx.decode());
            if (qw != null) {
                ReferenceGemm.Result y = ReferenceGemm.multiply(qx, qw, acc);
                output.add(reference, y.y());
                overflows += y.overflows();
            }
            long[] h = histogram(qx);
            if (h != null) {
                if (dialects == null) {
                    dialects = new long[h.length];
                }
                for (int d = 0; d < h.length; d++) {
                    dialects[d] += h[d];
                }
            }
            return qx;
        }

        /** The evaluation of the batches added; {@code activations}: the whole quantized tensor, when the caller kept it, or null. */
        public FormatEvaluation finish(QuantizedTensor activations) {
            if (qw == null) {
                return new FormatEvaluation(format, activations, null, activation.db(), Double.NaN, Double.NaN, 0, dialects, null);
            }
            return new FormatEvaluation(format, activations, qw, activation.db(), Sqnr.db(weights.toDoubles(), qw.decode()), output.db(),
                    overflows, dialects, histogram(qw));
        }
    }

    /**
     * Bits per element as stored: a weight-only format's weights with every code, group word and table of this tensor
     * (its row scales and codebooks included), else the format's bits per element.
     */
    public double bitsPerWeight() {
        return weights != null && weights.stored() != null ? weights.stored().bitsPerWeight() : format.bitsPerElement();
    }

    public static double[] reference(Fp16Matrix x, Fp16Matrix w) {
        return ReferenceGemm.fp64Reference(x.toDoubles(), x.rows(), w.toDoubles(), w.rows(), x.cols());
    }

    /** Blocks per dialect id, or null when the format has no dialects. */
    static long[] histogram(QuantizedTensor q) {
        if (!(q.format() instanceof DialectFp4Format f)) {
            return null;
        }
        long[] counts = new long[f.formatbook().dialects()];
        for (int d : q.dialect()) {
            counts[d]++;
        }
        return counts;
    }
}
