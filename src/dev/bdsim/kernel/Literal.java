package dev.bdsim.kernel;

/** Integer literals as users write them in data files: decimal (optionally negative), {@code 0x..} or {@code 0b..}, with {@code _} separators. */
public final class Literal {
    private Literal() {
    }

    /** The value of a literal; hexadecimal and binary ones may use all 64 bits. */
    public static long parse(String token) {
        boolean negative = token.startsWith("-");
        String digits = (negative ? token.substring(1) : token).replace("_", "");
        long v;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            v = Long.parseUnsignedLong(digits.substring(2), 16);
        } else if (digits.startsWith("0b") || digits.startsWith("0B")) {
            v = Long.parseUnsignedLong(digits.substring(2), 2);
        } else {
            v = Long.parseLong(digits);
        }
        return negative ? -v : v;
    }

    /** The value of a literal of any size. */
    public static java.math.BigInteger parseBig(String token) {
        boolean negative = token.startsWith("-");
        String digits = (negative ? token.substring(1) : token).replace("_", "");
        java.math.BigInteger v;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            v = new java.math.BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0b") || digits.startsWith("0B")) {
            v = new java.math.BigInteger(digits.substring(2), 2);
        } else {
            v = new java.math.BigInteger(digits);
        }
        if (digits.startsWith("-") || digits.startsWith("+")) {
            throw new NumberFormatException(token);
        }
        return negative ? v.negate() : v;
    }

    /** True for a hexadecimal or binary literal, which gives a bit pattern rather than a number. */
    public static boolean isBitPattern(String token) {
        String t = token.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("0x") || t.startsWith("0b");
    }
}
