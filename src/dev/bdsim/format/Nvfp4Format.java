package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * NVFP4: E2M1 elements, an E4M3 scale per block of 16 and an FP32 scale per tensor,
 * {@code s_t = amax_tensor / (6 * 448)} (FP32 division), {@code s_b = round_E4M3(amax_block / (6 s_t))}.
 * Both roundings are exact: the quotients are compared with exactly computed midpoints.
 */
public final class Nvfp4Format implements BlockFormat {
    private final int blockSize;
    private final Rounding rounding;
    /** The per-tensor scale when the whole tensor's was given ({@link #forTensor}); NaN: from the tensor quantized. */
    private final float fixedTensorScale;

    public Nvfp4Format(int blockSize, Rounding rounding) {
        this(blockSize, rounding, Float.NaN);
    }

    private Nvfp4Format(int blockSize, Rounding rounding, float fixedTensorScale) {
        Blocks.checkBlockSize(blockSize);
        this.blockSize = blockSize;
        this.rounding = rounding;
        this.fixedTensorScale = fixedTensorScale;
    }

    @Override
    public BlockFormat forTensor(int amax) {
        return new Nvfp4Format(blockSize, rounding, tensorScale(amax));
    }

    @Override
    public String id() {
        return "nvfp4";
    }

    public Rounding rounding() {
        return rounding;
    }

    @Override
    public String displayName() {
        return "NVFP4 (E2M1, E4M3/" + blockSize + ")";
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int elementBits() {
        return 4;
    }

    @Override
    public double bitsPerElement() {
        return 4 + 8.0 / blockSize;
    }

    /** The per-tensor scale {@link #quantize} uses for {@code x}: the one given with {@link #forTensor}, or {@code x}'s own. */
    public float tensorScaleOf(Fp16Matrix x) {
        return Float.isNaN(fixedTensorScale) ? tensorScale(x.maxMagnitudeBits()) : fixedTensorScale;
    }

    /** {@code s_t = amax / (6 * 448)} in FP32 for the FP16 magnitude bits {@code amax}; 1 for an all-zero tensor. */
    static float tensorScale(int amax) {
        return amax == 0 ? 1f : (float) Fp16.toDouble((short) amax) / 2688f;
    }

    @Override
    public QuantizedTensor quantize(Fp16Matrix x, Role role) {
        ElementGrid e2m1 = ElementGrid.E2M1;
        ElementGrid e4m3 = ElementGrid.E4M3;
        float st = tensorScaleOf(x);
        QuantizedTensor.Builder out = new QuantizedTensor.Builder(this, x.rows(), x.cols(), blockSize, false)
                .tensorScale(st);
        Blocks.forEach(x, blockSize, (block, in) -> {
            double amax = Fp16.toDouble((short) Blocks.maxMagnitudeBits(in));
            int scaleCode = e4m3.encode(amax, 6.0 * st, rounding);
            long scaleUnits = e4m3.magnitudeUnits(scaleCode);
            double elementScale = e4m3.magnitude(scaleCode) * st;
            int base = block * blockSize;
            for (int i = 0; i < blockSize; i++) {
                int code = scaleUnits == 0 ? 0 : e2m1.encode(Fp16.toDouble(in[i]), elementScale, rounding);
                out.codes[base + i] = code;
                out.units[base + i] = e2m1.signedUnits(code);
            }
            out.scaleField[block] = scaleCode;
            out.blockMultiplier[block] = (int) scaleUnits;
            out.blockExponent[block] = e4m3.unitExponent() + e2m1.unitExponent();
        });
        return out.build();
    }

    @Override
    public String codeLayout() {
        return "sign(1) E2M1(3), value * s_b * s_t";
    }

    @Override
    public java.util.List<BlockField> blockFields() {
        return java.util.List.of(new BlockField("scale", 8, "E4M3 block scale s_b (OCP FP8 bits, sign 0); s_t per tensor in FP32"));
    }
}
