package dev.bdsim.hdl;

import dev.bdsim.kernel.Port;

import java.math.BigInteger;

/** Pieces of Verilog-2005 that component models share. */
public final class Verilog {
    private Verilog() {}

    /** Every port has a range, [0:0] for a single bit, so lane selects work on one lane too. */
    public static String range(Port p) {
        return "[" + (p.type().width() * p.lanes() - 1) + ":0] ";
    }

    /** A lane's bits of a packed port: {@code name[l*W +: W]}. */
    public static String lane(String port, int width) {
        return port + "[l*" + width + " +: " + width + "]";
    }

    /** {@code body} once per lane, with the genvar {@code l} as the lane index. */
    public static String forLanes(int lanes, String body) {
        return "  generate for (l = 0; l < " + lanes + "; l = l + 1) begin : lane\n" + body + "  end endgenerate\n";
    }

    /**
     * Element {@code index} of {@code from} bits of a packed signal ({@code index} null: the whole
     * signal), sign- or zero-extended to {@code to} bits.
     */
    public static String extend(String signal, String index, int from, int to, boolean signed) {
        String expr = index == null ? signal : signal + "[" + index + "*" + from + " +: " + from + "]";
        if (to <= from) {
            return expr;
        }
        String top = index == null ? signal + "[" + (from - 1) + "]" : signal + "[" + index + "*" + from + " + " + (from - 1) + "]";
        return "{{" + (to - from) + "{" + (signed ? top : "1'b0") + "}}, " + expr + "}";
    }

    /** A sized hex literal of the low {@code width} bits of {@code value} (two's complement). */
    public static String literal(int width, long value) {
        return literal(width, BigInteger.valueOf(value));
    }

    public static String literal(int width, BigInteger value) {
        return width + "'h" + value.mod(BigInteger.ONE.shiftLeft(width)).toString(16);
    }

    /** A constant table as one packed localparam: entry i of {@code entryBits} bits at bits [i*entryBits +: entryBits]. */
    public static String constantTable(String name, int entryBits, BigInteger[] entries) {
        BigInteger packed = BigInteger.ZERO;
        BigInteger mask = BigInteger.ONE.shiftLeft(entryBits).subtract(BigInteger.ONE);
        for (int i = 0; i < entries.length; i++) {
            packed = packed.or(entries[i].and(mask).shiftLeft(i * entryBits));
        }
        int bits = entries.length * entryBits;
        return "  localparam [" + (bits - 1) + ":0] " + name + " = " + bits + "'h" + packed.toString(16) + ";\n";
    }

    /** Entry {@code index} (a Verilog expression) of a {@link #constantTable}. */
    public static String tableEntry(String name, String index, int entryBits) {
        return name + "[(" + index + ") * " + entryBits + " +: " + entryBits + "]";
    }

    /** The value of lane {@code lane} of word {@code word} of a memory. */
    public interface MemoryWord {
        long lane(int word, int lane);
    }

    /** A memory's contents for {@code $readmemh}: one line per word, its lanes packed with lane 0 in the low bits. */
    public static java.util.List<String> memoryImage(int words, int lanes, int width, MemoryWord value) {
        int digits = (width * lanes + 3) / 4;
        BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        java.util.List<String> lines = new java.util.ArrayList<>(words);
        for (int word = 0; word < words; word++) {
            BigInteger v = BigInteger.ZERO;
            for (int l = lanes - 1; l >= 0; l--) {
                v = v.shiftLeft(width).or(BigInteger.valueOf(value.lane(word, l)).and(mask));
            }
            String hex = v.toString(16);
            lines.add("0".repeat(Math.max(0, digits - hex.length())) + hex);
        }
        return lines;
    }
}
