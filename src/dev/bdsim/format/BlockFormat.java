package dev.bdsim.format;

import dev.bdsim.fp16.Fp16Matrix;

/** A block-scaled number format: quantizes an FP16 tensor along its rows in blocks of {@link #blockSize()}. */
public interface BlockFormat {
    /** Short identifier used on the command line and in file names, e.g. {@code mxfp4}. */
    String id();

    /** Options that differ from the defaults, as written after the format on the command line ({@code :encode=quarter}), or "". */
    default String options() {
        return "";
    }

    /** The format as results name it: {@code id@B} for block formats, then its options ({@code dialectfp4@32:encode=quarter}). */
    default String label() {
        return (blockSize() > 1 ? id() + "@" + blockSize() : id()) + options();
    }

    /** Human-readable name, e.g. {@code MXFP4 (E2M1)}. */
    String displayName();

    int blockSize();

    /** Code width of one element, including its sign. */
    int elementBits();

    /** Element bits plus block (and tensor) metadata amortised per element. */
    double bitsPerElement();

    /**
     * Quantizes a tensor. A short last block is padded with zeros. {@code role} lets formats
     * with separate activation and weight quantizers (DialectFP4) pick one.
     */
    QuantizedTensor quantize(Fp16Matrix x, Role role);

    /**
     * This format for quantizing a tensor in row batches: a format whose scaling looks at the whole tensor (NVFP4's per-tensor
     * scale) takes it from {@code amax}, the bits of the tensor's largest FP16 magnitude, so every batch is quantized as the
     * whole tensor would be. Block-local formats are their own.
     */
    default BlockFormat forTensor(int amax) {
        return this;
    }

    /** Whether activations are quantized; false when they pass through as FP16 (FP16 itself, the weight-only formats). */
    default boolean quantizesActivations() {
        return true;
    }

    /** How an element code's bits are laid out, for RTL testbenches (README "Packed layout"). */
    String codeLayout();

    /** Metadata fields of each block, most significant first in the packed block word. */
    java.util.List<BlockField> blockFields();

    /** One metadata field of a block: its width and what it means. */
    record BlockField(String name, int bits, String meaning) {
        public static final String DIALECT = "dialect";
    }

    /** Which operand of {@code Y = X·Wᵀ} a tensor is. */
    enum Role {
        ACTIVATION, WEIGHT
    }
}
