package dev.bdsim.quality;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fitted accumulator keeps the SQNR and does not overflow, and one bit less of either width or fraction would not. */
class AccumulatorFitTest {
    @Test
    void theFitIsTheNarrowestThatKeepsTheAccuracy() {
        Fp16Matrix x = Traces.open("traces/layer0.attn_in.npy").readRows(0, 16);
        Fp16Matrix w = Traces.open("traces/layer1.ffn_in.npy").readRows(0, 16);
        for (String id : new String[] {"int8", "dialectfp4", "nvfp4"}) {
            BlockFormat f = Formats.parse(id, Formats.Options.defaults());
            AccumulatorFit.Fit fit = AccumulatorFit.fit(f, x, w, 0.1);
            AccumulatorSpec a = fit.accumulator();
            assertEquals(AccumulatorSpec.Kind.FIXED, a.kind());
            assertTrue(fit.sqnrDb() >= fit.fp32SqnrDb() - 0.1, id + ": " + fit);
            QuantizedTensor qx = f.quantize(x, BlockFormat.Role.ACTIVATION);
            QuantizedTensor qw = f.quantize(w, BlockFormat.Role.WEIGHT);
            assertEquals(0, ReferenceGemm.multiply(qx, qw, a).overflows(), id + ": " + a);
            AccumulatorSpec narrower = new AccumulatorSpec(AccumulatorSpec.Kind.FIXED, a.width() - 1, a.fractionBits(), false);
            assertTrue(ReferenceGemm.multiply(qx, qw, narrower).overflows() > 0, id + ": " + narrower + " would do");
            if (a.fractionBits() > 0) {
                AccumulatorSpec coarser = new AccumulatorSpec(AccumulatorSpec.Kind.FIXED, 64, a.fractionBits() - 1, false);
                double[] ref = FormatEvaluation.reference(x, w);
                float[] y = ReferenceGemm.multiply(qx, qw, coarser).y();
                double[] yd = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    yd[i] = y[i];
                }
                assertTrue(Sqnr.db(ref, yd) < fit.fp32SqnrDb() - 0.1, id + ": " + coarser + " keeps the accuracy too");
            }
        }
    }
}
