package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Literal;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.ArrayList;
import java.util.List;

/** A lookup table (a truth table from data): {@code y = table[a]}, lane by lane. */
public final class Lut extends Component {
    private final Port a;
    private final Port y;
    private final int lanes;
    private final long[] table;
    private final int lookup;

    public Lut(String name, int inBits, SignalType out, int lanes, long[] table) {
        super(name);
        if (inBits < 1 || inBits > 16) {
            throw new IllegalArgumentException("Lut inputs are 1..16 bits, got " + inBits);
        }
        if (out.wide()) {
            throw new IllegalArgumentException("Lut outputs are at most 64 bits, got " + out.width());
        }
        if (table.length != 1 << inBits) {
            throw new IllegalArgumentException("a Lut with " + inBits + " input bits needs " + (1 << inBits)
                    + " table entries, got " + table.length);
        }
        for (int i = 0; i < table.length; i++) {
            if (!out.fits(table[i])) {
                throw new IllegalArgumentException("table entry " + i + " = " + table[i] + " does not fit " + out);
            }
        }
        this.lanes = lanes;
        this.table = table.clone();
        a = input("a", SignalType.unsigned(inBits), lanes);
        y = output("y", out, lanes);
        lookup = action("lookup");
    }

    /**
     * Parses table entries separated by white space or commas: decimal (optionally negative),
     * {@code 0x} hexadecimal or {@code 0b} binary; {@code #} starts a comment to the end of the line.
     */
    public static long[] parseTable(String text) {
        List<Long> values = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : body.split("[\\s,]+")) {
                if (!token.isEmpty()) {
                    values.add(parseEntry(token, values.size()));
                }
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long parseEntry(String token, int index) {
        try {
            return Literal.parse(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("table entry " + index + " \"" + token + "\" is not a number (decimal, 0x.. or 0b..)");
        }
    }

    public long[] table() {
        return table.clone();
    }

    @Override
    public String typeName() {
        return "Lut";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            set(y, l, table[(int) get(a, l)]);
        }
        count(lookup, lanes);
    }
}
