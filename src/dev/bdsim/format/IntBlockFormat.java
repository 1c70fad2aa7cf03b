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

    /**
     * The biased scale exponent of a block whose largest FP16 magnitude has the bits {@code amax}: the smallest e with
     * {@code (2^(b-1) - 1) 2^e >= amax}, 127 for an all-zero block. With {@code amax = m 2^f}, {@code 1 <= m < 2}, that is
     * {@code f - b + 2}, one more when {@code m > (2^(b-1) - 1) / 2^(b-2)}: on the significand normalised to 11 bits, a
     * compare with {@code (2^(b-1) - 1) << (12 - b)}.
     */
    public static int scaleField(int amax, int bits) {
        if (amax == 0) {
            return BIAS;
        }
        int f = Fp16.floorLog2((short) amax);
        int significand = (amax >> 10 & 0x1f) == 0 ? amax & 0x3ff : amax & 0x3ff | 0x400;
        int normalised = significand << (10 - (31 - Integer.numberOfLeadingZeros(significand)));
        return BIAS + f - bits + 2 + (normalised > ((1 << (bits - 1)) - 1) << (12 - bits) ? 1 : 0);
    }

    public Rounding rounding() {
        return rounding;
    }

    public ElementGrid element() {
        return element;
    }

    @Override
    public QuantizedTensor quantize(Fp16Matrix x, Role role) {
        QuantizedTensor.Builder out = new QuantizedTensor.Builder(this, x.rows(), x.cols(), blockSize, false);
        Blocks.forEach(x, blockSize, (block, in) -> {
            int e = scaleField(Blocks.maxMagnitudeBits(in), bits) - BIAS;
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
