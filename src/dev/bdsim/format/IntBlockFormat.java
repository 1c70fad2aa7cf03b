package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * Block-scaled symmetric integers (INT4, INT8): power-of-two scale
 * {@code X = 2^ceil(log2(amax / (2^(b-1) - 1)))} stored as an 8-bit biased exponent (bias 127).
 */
public final class IntBlockFormat implements BlockFormat {
    private static final int BIAS = 127;

    private final int bits;
    private final ElementGrid element;
    private final int blockSize;
    private final Rounding rounding;

    public IntBlockFormat(int bits, int blockSize, Rounding rounding) {
        Blocks.checkBlockSize(blockSize);
        this.bits = bits;
        this.element = ElementGrid.integer("INT" + bits, bits, 0);
        this.blockSize = blockSize;
        this.rounding = rounding;
    }

    @Override
    public String id() {
        return "int" + bits;
    }

    @Override
    public String displayName() {
        return "INT" + bits + " (block-scaled)";
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int elementBits() {
        return bits;
    }

    @Override
    public double bitsPerElement() {
        return bits + 8.0 / blockSize;
    }

    /** Smallest e with qmax * 2^e >= amax (exact). */
    static int scaleExponent(double amax, long qmax) {
        int e = Math.getExponent(amax / qmax);
        while (Math.scalb((double) qmax, e) < amax) {
            e++;
        }
        while (Math.scalb((double) qmax, e - 1) >= amax) {
            e--;
        }
        return e;
    }

    @Override
    public QuantizedTensor quantize(Fp16Matrix x, Role role) {
        QuantizedTensor.Builder out = new QuantizedTensor.Builder(this, x.rows(), x.cols(), blockSize, false);
        long qmax = element.maxUnits();
        Blocks.forEach(x, blockSize, (block, in) -> {
            int amax = Blocks.maxMagnitudeBits(in);
            int e = amax == 0 ? 0 : scaleExponent(Fp16.toDouble((short) amax), qmax);
            double scale = Math.scalb(1.0, e);
            int base = block * blockSize;
            for (int i = 0; i < blockSize; i++) {
                int code = element.encode(Fp16.toDouble(in[i]), scale, rounding);
                out.codes[base + i] = code;
                out.units[base + i] = element.signedUnits(code);
            }
            out.scaleField[block] = e + BIAS;
            out.blockExponent[block] = e;
        });
        return out.build();
    }

    @Override
    public String codeLayout() {
        return bits + "-bit two's complement k in [-" + element.maxUnits() + ", " + element.maxUnits() + "], value k * X";
    }

    @Override
    public java.util.List<BlockField> blockFields() {
        return java.util.List.of(new BlockField("scale", 8, "biased exponent: X = 2^(scale - 127)"));
    }
}
