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

    /** {@code reference} is the FP64 product of the FP16 inputs, or null without weights. */
    public static FormatEvaluation run(BlockFormat format, Fp16Matrix x, Fp16Matrix w, double[] reference, AccumulatorSpec acc) {
        QuantizedTensor qx = format.quantize(x, Role.ACTIVATION);
        double actSqnr = Sqnr.db(x.toDoubles(), qx.decode());
        if (w == null) {
            return new FormatEvaluation(format, qx, null, actSqnr, Double.NaN, Double.NaN, 0, histogram(qx), null);
        }
        QuantizedTensor qw = format.quantize(w, Role.WEIGHT);
        double weightSqnr = Sqnr.db(w.toDoubles(), qw.decode());
        ReferenceGemm.Result y = ReferenceGemm.multiply(qx, qw, acc);
        double[] yq = new double[y.y().length];
        for (int i = 0; i < yq.length; i++) {
            yq[i] = y.y()[i];
        }
        return new FormatEvaluation(format, qx, qw, actSqnr, weightSqnr, Sqnr.db(reference, yq), y.overflows(),
                histogram(qx), histogram(qw));
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
