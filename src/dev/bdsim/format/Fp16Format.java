package dev.bdsim.format;

import dev.bdsim.fp16.Fp16Matrix;

/**
 * FP16, the unquantized reference. Modelled as a block format with blocks of one element whose
 * "scale" is the element's own exponent, so each product enters the accumulator by itself:
 * FP16 x FP16 products (exact) accumulated one by one in FP32.
 */
public final class Fp16Format implements BlockFormat {
    @Override
    public String id() {
        return "fp16";
    }

    @Override
    public String displayName() {
        return "FP16 (reference)";
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public int elementBits() {
        return 16;
    }

    @Override
    public double bitsPerElement() {
        return 16;
    }

    @Override
    public QuantizedTensor quantize(Fp16Matrix x, Role role) {
        return values(this, x.rows(), x.cols(), x.rawBits()).build();
    }

    /**
     * FP16 values as a tensor of blocks of one: each element's code its bits, its units the signed significand, its
     * block exponent the element's own, so each product enters the accumulator by itself.
     */
    static QuantizedTensor.Builder values(BlockFormat format, int rows, int cols, short[] bits) {
        QuantizedTensor.Builder out = new QuantizedTensor.Builder(format, rows, cols, 1, false);
        for (int i = 0; i < bits.length; i++) {
            int h = bits[i] & 0xffff;
            int exp = (h >> 10) & 0x1f;
            int mant = h & 0x3ff;
            long significand = exp == 0 ? mant : 1024 | mant;
            out.codes[i] = h;
            out.units[i] = (h & 0x8000) != 0 ? -significand : significand;
            out.blockExponent[i] = exp == 0 ? -24 : exp - 25;
        }
        return out;
    }

    @Override
    public boolean quantizesActivations() {
        return false;
    }

    @Override
    public String codeLayout() {
        return "IEEE 754 binary16";
    }

    @Override
    public java.util.List<BlockField> blockFields() {
        return java.util.List.of();
    }
}
