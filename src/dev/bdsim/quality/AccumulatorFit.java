package dev.bdsim.quality;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.QuantizedTensor;

/**
 * The fixed-point accumulator that suits a format on real data: the narrowest {@code fixed:W:F}
 * whose GEMM neither overflows nor loses more than {@code maxLossDb} of output SQNR against FP32
 * accumulation of the same quantized operands. The fraction bits F are the fewest that keep the
 * SQNR (with ample integer bits), then W the fewest that do not overflow.
 */
public final class AccumulatorFit {
    public static final double DEFAULT_LOSS_DB = 0.1;
    private static final int MAX_FRACTION = 60;

    private AccumulatorFit() {}

    public record Fit(AccumulatorSpec accumulator, double fp32SqnrDb, double sqnrDb) {}

    public static Fit fit(BlockFormat format, Fp16Matrix x, Fp16Matrix w, double maxLossDb) {
        QuantizedTensor qx = format.quantize(x, Role.ACTIVATION);
        QuantizedTensor qw = format.quantize(w, Role.WEIGHT);
        double[] reference = FormatEvaluation.reference(x, w);
        double fp32 = sqnr(reference, ReferenceGemm.multiply(qx, qw, AccumulatorSpec.FP32));
        for (int f = 0; f <= MAX_FRACTION; f++) {
            AccumulatorSpec wide = fixed(64, f);
            ReferenceGemm.Result r = ReferenceGemm.multiply(qx, qw, wide);
            if (r.overflows() > 0 || sqnr(reference, r) < fp32 - maxLossDb) {
                continue;
            }
            int lo = 2;
            int hi = 64;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (ReferenceGemm.multiply(qx, qw, fixed(mid, f)).overflows() == 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            AccumulatorSpec best = fixed(lo, f);
            return new Fit(best, fp32, sqnr(reference, ReferenceGemm.multiply(qx, qw, best)));
        }
        throw new IllegalStateException(format.label() + ": no fixed-point accumulator up to 64 bits keeps the SQNR within " + maxLossDb + " dB");
    }

    private static AccumulatorSpec fixed(int width, int fraction) {
        return new AccumulatorSpec(AccumulatorSpec.Kind.FIXED, width, fraction, false);
    }

    private static double sqnr(double[] reference, ReferenceGemm.Result r) {
        double[] y = new double[r.y().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.y()[i];
        }
        return Sqnr.db(reference, y);
    }
}
