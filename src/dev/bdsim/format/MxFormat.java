package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * OCP Microscaling (MX v1.0) formats: an E8M0 block scale {@code X = 2^(floor(log2 amax) - emax)}
 * and elements rounded to the element grid, saturating. Covers MXFP4, MXFP6, MXFP8 and MXINT8.
 */
public final class MxFormat implements BlockFormat {
    private static final int E8M0_BIAS = 127;

    private final String id;
    private final String displayName;
    private final ElementGrid element;
    private final int emax;
    private final int blockSize;
    private final Rounding rounding;

    public MxFormat(String id, String displayName, ElementGrid element, int emax, int blockSize, Rounding rounding) {
        Blocks.checkBlockSize(blockSize);
        this.id = id;
        this.displayName = displayName;
        this.element = element;
        this.emax = emax;
        this.blockSize = blockSize;
        this.rounding = rounding;
    }

    public static MxFormat mxfp4(int blockSize, Rounding r) {
        return new MxFormat("mxfp4", "MXFP4 (E2M1)", ElementGrid.E2M1, 2, blockSize, r);
    }

    public static MxFormat mxfp6e2m3(int blockSize, Rounding r) {
        return new MxFormat("mxfp6-e2m3", "MXFP6 (E2M3)", ElementGrid.E2M3, 2, blockSize, r);
    }

    public static MxFormat mxfp6e3m2(int blockSize, Rounding r) {
        return new MxFormat("mxfp6-e3m2", "MXFP6 (E3M2)", ElementGrid.E3M2, 4, blockSize, r);
    }

    public static MxFormat mxfp8e4m3(int blockSize, Rounding r) {
        return new MxFormat("mxfp8-e4m3", "MXFP8 (E4M3)", ElementGrid.E4M3, 8, blockSize, r);
    }

    public static MxFormat mxfp8e5m2(int blockSize, Rounding r) {
        return new MxFormat("mxfp8-e5m2", "MXFP8 (E5M2)", ElementGrid.E5M2, 15, blockSize, r);
    }

    public static MxFormat mxint8(int blockSize, Rounding r) {
        return new MxFormat("mxint8", "MXINT8", ElementGrid.integer("INT8", 8, -6), 0, blockSize, r);
    }

    public ElementGrid element() {
        return element;
    }

    /** The largest element exponent, {@code emax_elem} of the spec's table. */
    public int emax() {
        return emax;
    }

    public Rounding rounding() {
        return rounding;
    }

    /**
     * The E8M0 scale field of a block whose largest FP16 magnitude has the bits {@code amax}: 127 for an all-zero block,
     * else {@code floor(log2 amax) - emax + 127} (within 0..254, which FP16 inputs never leave).
     */
    public static int scaleField(int amax, int emax) {
        return amax == 0 ? E8M0_BIAS : Math.max(0, Math.min(254, Fp16.floorLog2((short) amax) - emax + E8M0_BIAS));
    }

    /** The scale {@code X} an E8M0 field stands for. */
    public static double scale(int field) {
        return Math.scalb(1.0, field - E8M0_BIAS);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int elementBits() {
        return element.bits();
    }

    @Override
    public double bitsPerElement() {
        return element.bits() + 8.0 / blockSize;
    }

    @Override
    public QuantizedTensor quantize(Fp16Matrix x, Role role) {
        QuantizedTensor.Builder out = new QuantizedTensor.Builder(this, x.rows(), x.cols(), blockSize, false);
        Blocks.forEach(x, blockSize, (block, bits) -> {
            int field = scaleField(Blocks.maxMagnitudeBits(bits), emax);
            double scale = scale(field);
            int base = block * blockSize;
            for (int i = 0; i < blockSize; i++) {
                int code = element.encode(Fp16.toDouble(bits[i]), scale, rounding);
                out.codes[base + i] = code;
                out.units[base + i] = element.signedUnits(code);
            }
            out.scaleField[block] = field;
            out.blockExponent[block] = field - E8M0_BIAS + element.unitExponent();
        });
        return out.build();
    }

    @Override
    public String codeLayout() {
        return element.twosComplement()
                ? element.bits() + "-bit two's complement k, value k * 2^" + element.unitExponent() + " * X"
                : "sign(1) exponent/mantissa(" + (element.bits() - 1) + ") OCP " + element.name() + ", value * X";
    }

    @Override
    public java.util.List<BlockField> blockFields() {
        return java.util.List.of(new BlockField("scale", 8, "E8M0 biased exponent: X = 2^(scale - 127)"));
    }
}
