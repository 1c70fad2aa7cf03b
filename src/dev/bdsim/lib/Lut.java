package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.io.InputFiles;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Literal;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A lookup table (a truth table from data): {@code y = table[a]}, lane by lane. */
public final class Lut extends Hardware {
    public static final Kind KIND = new Kind("Lut", Group.DECODER, "a -> y = table[a]; the table from `table` text or a `file`",
            List.of(ParamSpec.integer("in_bits", null, 1, 16, "bits of the index"),
                    ParamSpec.width(64),
                    ParamSpec.signed(),
                    ParamSpec.lanes(),
                    ParamSpec.string("table", "", List.of(), "entries: decimal, 0x.., 0b.."),
                    ParamSpec.string("file", "", List.of(), "a file of entries, relative to the netlist")),
            (n, p) -> new Lut(n, p.intValue("in_bits"), p.type(), p.intValue("lanes"), table(p))).withExample(Map.of("table", "1 2 3 4", "in_bits", 2L));

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
        return parseTable(text, piece -> "\"" + InputFiles.excerpt(piece) + "\"");
    }

    /** As {@link #parseTable(String)}; {@code quote} shows a bad entry in the error (or says it is not shown). */
    static long[] parseTable(String text, java.util.function.UnaryOperator<String> quote) {
        List<Long> values = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : body.split("[\\s,]+")) {
                if (!token.isEmpty()) {
                    values.add(parseEntry(token, values.size(), quote));
                }
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long parseEntry(String token, int index, java.util.function.UnaryOperator<String> quote) {
        try {
            return Literal.parse(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("table entry " + index + " " + quote.apply(token) + " is not a number (decimal, 0x.. or 0b..)");
        }
    }

    public long[] table() {
        return table.clone();
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            set(y, l, table[(int) get(a, l)]);
        }
        count(lookup, lanes);
    }

    @Override
    public Levels levels() {
        return Levels.through(Levels.table(width("a")));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double logic = tech.logicPjPerGe();
        double ge = TableLogic.ge(table(), width("a"), width("y"), tech);
        return new Shape(lanes * ge, ge * logic, width("y") / 2.0, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        long[] table = table();
        int wa = width("a");
        int wy = width("y");
        java.math.BigInteger[] entries = new java.math.BigInteger[1 << wa];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = java.math.BigInteger.valueOf(i < table.length ? table[i] : 0);
        }
        return Verilog.constantTable("TABLE", wy, entries) + Verilog.forLanes(lanesOf("a"), "    assign " + Verilog.lane("y", wy) + " = "
                + Verilog.tableEntry("TABLE", Verilog.lane("a", wa), wy) + ";\n");
    }

    /** The table from the `table` text or the `file` parameter. */
    static long[] table(Params p) {
        String text = p.string("table");
        String file = p.string("file");
        if (text.isEmpty() == file.isEmpty()) {
            throw new IllegalArgumentException("give the table either as `table` or as `file`, not " + (text.isEmpty() ? "neither" : "both"));
        }
        if (file.isEmpty()) {
            return Lut.parseTable(text);
        }
        Path path = p.baseDir().resolve(file);
        try {
            return Lut.parseTable(InputFiles.readText(path, "lookup table"), InputFiles.quoter(path, "lookup table"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read table file " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.forLanes(lanes, () -> e.write(y, "l", e.bind(table) + "[(int) " + e.in(a, "l") + "]"));
        e.line(e.count(lookup, lanes));
        return true;
    }
}
