package dev.bdsim.kernel;

/**
 * The type of one signal: a fixed-width bit vector, {@code 1..128} bits, signed (two's complement)
 * or unsigned. Written {@code u8}, {@code s24}.
 */
public record SignalType(int width, boolean signed) {
    public static final int MAX_WIDTH = 128;
    public static final SignalType BIT = new SignalType(1, false);

    public SignalType {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("signal width must be 1.." + MAX_WIDTH + ", got " + width);
        }
    }

    public static SignalType unsigned(int width) {
        return new SignalType(width, false);
    }

    public static SignalType signed(int width) {
        return new SignalType(width, true);
    }

    /** True when {@code value} lies in this type's range (any long for 64 bits and more, non-negative if unsigned). */
    public boolean fits(long value) {
        if (width >= 64) {
            return signed || value >= 0;
        }
        return signed ? value >= -(1L << (width - 1)) && value < (1L << (width - 1)) : value >= 0 && value < (1L << width);
    }

    /** Ones in the low {@code width} bits (all ones from 64 bits on). */
    public long mask() {
        return width >= 64 ? -1L : (1L << width) - 1;
    }

    /** The value as this type holds it in 64 bits: truncated to the width, sign-extended if signed. */
    public long normalize(long value) {
        if (width >= 64) {
            return value;
        }
        int unused = 64 - width;
        return signed ? (value << unused) >> unused : value & ((1L << width) - 1);
    }

    public boolean wide() {
        return width > 64;
    }

    @Override
    public String toString() {
        return (signed ? "s" : "u") + width;
    }
}
