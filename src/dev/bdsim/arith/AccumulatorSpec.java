package dev.bdsim.arith;

import dev.bdsim.BadInputException;

/**
 * Cross-block accumulation: {@code fp32} (round to nearest even at every add) or
 * {@code fixed:W:F[:wrap]}, a W-bit two's-complement accumulator with F fractional bits
 * (LSB = 2^-F). Block sums are aligned by an arithmetic shift (bits below the LSB are dropped,
 * i.e. rounded toward minus infinity); overflow saturates (or wraps) and is counted.
 */
public record AccumulatorSpec(Kind kind, int width, int fractionBits, boolean wrap) {
    public enum Kind { FP32, FIXED }

    public static final AccumulatorSpec FP32 = new AccumulatorSpec(Kind.FP32, 32, 0, false);

    public AccumulatorSpec {
        if (kind == Kind.FIXED && (width < 2 || width > 64 || fractionBits < 0 || fractionBits > 126)) {
            throw new BadInputException("fixed-point accumulator needs 2 <= W <= 64 and 0 <= F <= 126, got W=" + width
                    + " F=" + fractionBits);
        }
    }

    public static AccumulatorSpec parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("fp32")) {
            return FP32;
        }
        String[] parts = t.split(":");
        if (parts[0].equals("fixed") && (parts.length == 3 || (parts.length == 4 && parts[3].equals("wrap")))) {
            try {
                return new AccumulatorSpec(Kind.FIXED, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts.length == 4);
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new BadInputException("accumulator '" + text + "' not understood; use fp32 or fixed:W:F[:wrap], e.g. fixed:32:16");
    }

    @Override
    public String toString() {
        return kind == Kind.FP32 ? "fp32" : "fixed:" + width + ":" + fractionBits + (wrap ? ":wrap" : "");
    }
}
