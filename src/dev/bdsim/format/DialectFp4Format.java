package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * DialectFP4 (BlockDialect): per block a dialect id and a 5-bit shared exponent, per element a
 * 4-bit code {@code sign << 3 | index}. Activations and weights may use different quantizers
 * (the online two-stage unit for activations, offline MSE for weights).
 */
public final class DialectFp4Format implements BlockFormat {
    public static final int EXPONENT_BITS = 5;
    public static final int EXPONENT_BIAS = 15;

    private final String id;
    private final Formatbook book;
    private final int blockSize;
    private final DialectQuantizer activationQuantizer;
    private final DialectQuantizer weightQuantizer;

    public DialectFp4Format(String id, Formatbook book, int blockSize,
                            DialectQuantizer activationQuantizer, DialectQuantizer weightQuantizer) {
        Blocks.checkBlockSize(blockSize);
        this.id = id;
        this.book = book;
        this.blockSize = blockSize;
        this.activationQuantizer = activationQuantizer;
        this.weightQuantizer = weightQuantizer;
    }

    public Formatbook formatbook() {
        return book;
    }

    public DialectQuantizer quantizer(Role role) {
        return role == Role.ACTIVATION ? activationQuantizer : weightQuantizer;
    }

    @Override
    public String id() {
        return id;
    }

    /** How the online quantizer encodes activation elements (spec §4 step 4); weights are always encoded exactly. */
    public ElementEncoding encoding() {
        return activationQuantizer.encoding();
    }

    @Override
    public String options() {
        return encoding() == ElementEncoding.EXACT ? "" : ":encode=" + encoding().id();
    }

    @Override
    public String displayName() {
        return "DialectFP4 (" + activationQuantizer.id() + (encoding() == ElementEncoding.EXACT ? "" : ", encode=" + encoding().id()) + ")";
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
        return 4 + (double) (book.dialectBits() + EXPONENT_BITS) / blockSize;
    }

    /** The exponent field of a block whose largest magnitude has these FP16 bits (non-zero). */
    public static int exponentField(int amaxBits) {
        int e = Fp16.floorLog2((short) amaxBits);
        return Math.max(0, Math.min(31, e - 2 + EXPONENT_BIAS));
    }

    /** The 4-bit code {@code sign << 3 | index}; magnitude 0 always has sign 0. */
    public static int elementCode(Formatbook book, int dialect, int index, boolean negative) {
        return negative && book.halfUnits(dialect, index) != 0 ? 8 | index : index;
    }

    @Override
    public QuantizedTensor quantize(Fp16Matrix x, Role role) {
        DialectQuantizer quantizer = quantizer(role);
        QuantizedTensor.Builder out = new QuantizedTensor.Builder(this, x.rows(), x.cols(), blockSize, true);
        long[] magnitudes = new long[blockSize];
        int[] index = new int[blockSize];
        Blocks.forEach(x, blockSize, (block, bits) -> {
            int amax = 0;
            for (int i = 0; i < blockSize; i++) {
                magnitudes[i] = Fp16.magnitudeUnits(bits[i]);
                amax = Math.max(amax, bits[i] & 0x7fff);
            }
            int ebits = 0;
            int dialect = 0;
            if (amax == 0) {
                java.util.Arrays.fill(index, 0);
            } else {
                ebits = exponentField(amax);
                dialect = quantizer.quantize(magnitudes, ebits, index);
            }
            int base = block * blockSize;
            for (int i = 0; i < blockSize; i++) {
                int code = elementCode(book, dialect, index[i], Fp16.isNegative(bits[i]));
                int h = book.halfUnits(dialect, index[i]);
                out.codes[base + i] = code;
                out.units[base + i] = code >= 8 ? -h : h;
            }
            out.scaleField[block] = ebits;
            out.dialect[block] = dialect;
            out.blockExponent[block] = ebits - EXPONENT_BIAS - 1; // magnitudes are half-units
        });
        return out.build();
    }

    @Override
    public String codeLayout() {
        return "sign(1) index(3): value = (-1)^sign * h[dialect][index] / 2 * 2^(exponent - 15)";
    }

    @Override
    public java.util.List<BlockField> blockFields() {
        return java.util.List.of(
                new BlockField(BlockField.DIALECT, book.dialectBits(), "dialect id into the formatbook"),
                new BlockField("exponent", EXPONENT_BITS, "shared exponent field: scale 2^(exponent - 15)"));
    }
}
