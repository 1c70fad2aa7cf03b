package dev.bdsim.gemm;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quant.Formats;
import dev.bdsim.testutil.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.stream.Stream;

/** The functional GEMM against an independent oracle in exact decimal arithmetic. */
class ReferenceGemmTest {
    static Stream<String> formats() {
        return Formats.ALL.stream();
    }

    /** Block value without the tensor scale, exactly. */
    static BigDecimal blockSum(QuantizedTensor x, QuantizedTensor w, int i, int j, int blk) {
        int b = x.blockSize();
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < b; k++) {
            BigDecimal xv = pow2(x.units()[i * x.paddedCols() + blk * b + k] * (long) x.blockMultiplier()[i * x.blocksPerRow() + blk],
                    x.blockExponent()[i * x.blocksPerRow() + blk]);
            BigDecimal wv = pow2(w.units()[j * w.paddedCols() + blk * b + k] * (long) w.blockMultiplier()[j * w.blocksPerRow() + blk],
                    w.blockExponent()[j * w.blocksPerRow() + blk]);
            sum = sum.add(xv.multiply(wv));
        }
        return sum;
    }

    static BigDecimal pow2(long m, int e) {
        BigDecimal v = new BigDecimal(m);
        return e >= 0 ? v.multiply(new BigDecimal(BigInteger.TWO.pow(e))) : v.divide(new BigDecimal(BigInteger.TWO.pow(-e)));
    }

    static float oracleFp32(QuantizedTensor x, QuantizedTensor w, int i, int j) {
        float acc = 0f;
        for (int blk = 0; blk < x.blocksPerRow(); blk++) {
            float block = blockSum(x, w, i, j, blk).floatValue();
            acc = new BigDecimal(acc).add(new BigDecimal(block)).floatValue();
        }
        return acc * (x.tensorScale() * w.tensorScale());
    }

    static float oracleFixed(QuantizedTensor x, QuantizedTensor w, int i, int j, int width, int frac) {
        BigInteger min = BigInteger.ONE.shiftLeft(width - 1).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(width - 1).subtract(BigInteger.ONE);
        BigInteger acc = BigInteger.ZERO;
        for (int blk = 0; blk < x.blocksPerRow(); blk++) {
            BigInteger aligned = blockSum(x, w, i, j, blk).multiply(pow2(1, frac)).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            acc = acc.add(aligned).max(min).min(max);
        }
        return new BigDecimal(acc).divide(pow2(1, frac).stripTrailingZeros()).floatValue() * (x.tensorScale() * w.tensorScale());
    }

    /** Activations and weights of one format, quantized from seeded test tensors with K = 96. */
    record Operands(QuantizedTensor x, QuantizedTensor w) {
        static Operands of(String id, long seed, int rows, int cols) {
            BlockFormat f = Formats.parse(id, Formats.Options.defaults());
            return new Operands(f.quantize(Tensors.activations(seed, rows, 96), Role.ACTIVATION),
                    f.quantize(Tensors.activations(seed + 1, cols, 96), Role.WEIGHT));
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void fp32AccumulationMatchesTheExactOracleBitForBit(String id) {
        Operands o = Operands.of(id, 31, 4, 5);
        QuantizedTensor qx = o.x();
        QuantizedTensor qw = o.w();
        float[] y = ReferenceGemm.multiply(qx, qw, AccumulatorSpec.FP32).y();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(Float.floatToIntBits(oracleFp32(qx, qw, i, j)), Float.floatToIntBits(y[i * 5 + j]), id + " y[" + i + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void fixedPointAccumulationMatchesTheExactOracleIncludingSaturation(String id) {
        Operands o = Operands.of(id, 41, 3, 4);
        QuantizedTensor qx = o.x();
        QuantizedTensor qw = o.w();
        for (int[] wf : new int[][] {{24, 8}, {32, 16}, {12, 4}}) {
            ReferenceGemm.Result r = ReferenceGemm.multiply(qx, qw, AccumulatorSpec.parse("fixed:" + wf[0] + ":" + wf[1]));
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(oracleFixed(qx, qw, i, j, wf[0], wf[1]), r.y()[i * 4 + j], 0f, id + " fixed:" + wf[0] + ":" + wf[1]);
                }
            }
        }
    }

    @Test
    void fp16IsProductByProductFp32Accumulation() {
        BlockFormat f = Formats.parse("fp16", Formats.Options.defaults());
        Fp16Matrix x = Tensors.activations(51, 3, 200);
        Fp16Matrix w = Tensors.activations(52, 3, 200);
        float[] y = ReferenceGemm.multiply(f.quantize(x, Role.ACTIVATION), f.quantize(w, Role.WEIGHT), AccumulatorSpec.FP32).y();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                float acc = 0f;
                for (int k = 0; k < 200; k++) {
                    acc += (float) x.value(i, k) * (float) w.value(j, k);
                }
                assertEquals(acc, y[i * 3 + j], 0f);
            }
        }
    }

    @Test
    void overflowIsCountedAndSaturates() {
        BlockFormat f = Formats.parse("int8", Formats.Options.defaults());
        double[] big = new double[64];
        java.util.Arrays.fill(big, 100.0);
        Fp16Matrix x = Fp16Matrix.fromDoubles("x", 1, 64, big);
        ReferenceGemm.Result r = ReferenceGemm.multiply(f.quantize(x, Role.ACTIVATION), f.quantize(x, Role.WEIGHT),
                AccumulatorSpec.parse("fixed:16:0"));
        assertEquals(32767f, r.y()[0]);
        assertEquals(2, r.overflows()); // each of the two blocks (320000 each) overflows 16 bits
        ReferenceGemm.Result wrapped = ReferenceGemm.multiply(f.quantize(x, Role.ACTIVATION), f.quantize(x, Role.WEIGHT),
                AccumulatorSpec.parse("fixed:16:0:wrap"));
        assertEquals((float) (short) 640000, wrapped.y()[0]);
    }

    @Test
    void badAccumulatorSpecsAreRejectedWithTheFix() {
        var e = assertThrows(dev.bdsim.BadInputException.class, () -> AccumulatorSpec.parse("fixed:32"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("fixed:W:F"));
        assertThrows(dev.bdsim.BadInputException.class, () -> AccumulatorSpec.parse("fixed:80:8"));
    }
}
