package dev.bdsim.netlist;

import dev.bdsim.io.InputFiles;
import dev.bdsim.BadInputException;
import dev.bdsim.kernel.Literal;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.kernel.Simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input values per cycle from a text file. The first line names input lanes ({@code a},
 * {@code b[3]}); each further line gives one cycle's values: decimal, {@code 0x..}, {@code 0b..},
 * or {@code -} to hold the previous value. After the last line the inputs keep their values.
 * {@code #} starts a comment. A reset input the file does not name is high in cycle 0 only.
 */
public final class Stimulus {
    private static final Pattern COLUMN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d+)])?");
    /** A bus in the header: {@code x[*]} every lane of x, {@code x[2..5]} lanes 2 to 5, a column each, in that order. */
    private static final Pattern BUS = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\[(?:\\*|(\\d+)\\.\\.(\\d+))]");

    private final int[] nets;
    private final List<long[]> rows;
    private final boolean[][] hold;
    private final int resetNet;

    private Stimulus(int[] nets, List<long[]> rows, List<boolean[]> hold, int resetNet) {
        this.nets = nets;
        this.rows = rows;
        this.hold = hold.toArray(new boolean[0][]);
        this.resetNet = resetNet;
    }

    /** No file: every input 0, the reset (if any) high in cycle 0. */
    public static Stimulus none(Netlist netlist) {
        return new Stimulus(new int[0], List.of(), List.of(), defaultReset(netlist, Set.of()));
    }

    private static int defaultReset(Netlist netlist, Set<String> named) {
        String reset = netlist.resetPort();
        return reset == null || named.contains(reset) ? -1 : netlist.input(reset).nets()[0];
    }

    public static Stimulus load(Path file, Netlist netlist) {
        List<String> lines;
        try {
            lines = InputFiles.readText(file, "stimulus").lines().toList();
        } catch (NoSuchFileException e) {
            throw new BadInputException("stimulus file not found: " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read stimulus file " + file + ": " + e.getMessage());
        }
        java.util.function.UnaryOperator<String> quote = InputFiles.quoter(file, "stimulus");
        String name = file.toString();
        List<Integer> nets = new ArrayList<>();
        List<SignalType> types = new ArrayList<>();
        Set<String> named = new HashSet<>();
        List<long[]> rows = new ArrayList<>();
        List<boolean[]> holds = new ArrayList<>();
        boolean header = true;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            List<int[]> spans = tokens(body);
            if (spans.isEmpty()) {
                continue;
            }
            if (header) {
                Set<Integer> seen = new HashSet<>();
                for (int[] sp : spans) {
                    String token = body.substring(sp[0], sp[1]);
                    Pos pos = new Pos(name, ln + 1, sp[0] + 1);
                    for (String column : expandBus(token, netlist, pos, quote)) {
                        int net = column(column, netlist, pos, named, quote);
                        if (!seen.add(net)) {
                            throw new NetlistException(pos, column + " appears twice in the header");
                        }
                        nets.add(net);
                        types.add(netlist.circuit().netType(net));
                    }
                }
                header = false;
                continue;
            }
            if (spans.size() != nets.size()) {
                throw new NetlistException(new Pos(name, ln + 1, 1), "expected " + nets.size() + " values (one per header column), got "
                        + spans.size());
            }
            long[] row = new long[2 * nets.size()];
            boolean[] hold = new boolean[nets.size()];
            for (int i = 0; i < spans.size(); i++) {
                String token = body.substring(spans.get(i)[0], spans.get(i)[1]);
                Pos pos = new Pos(name, ln + 1, spans.get(i)[0] + 1);
                if (token.equals("-")) {
                    hold[i] = true;
                    if (!rows.isEmpty()) {
                        row[2 * i] = rows.get(rows.size() - 1)[2 * i];
                        row[2 * i + 1] = rows.get(rows.size() - 1)[2 * i + 1];
                    }
                } else {
                    java.math.BigInteger v = value(token, types.get(i), pos, quote);
                    row[2 * i] = v.longValue();
                    row[2 * i + 1] = v.shiftRight(64).longValue();
                }
            }
            rows.add(row);
            holds.add(hold);
        }
        if (header) {
            throw new BadInputException(name + ": empty stimulus file; the first line names the inputs");
        }
        return new Stimulus(nets.stream().mapToInt(Integer::intValue).toArray(), rows, holds, defaultReset(netlist, named));
    }

    private static List<int[]> tokens(String body) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && (Character.isWhitespace(body.charAt(i)) || body.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < body.length() && !Character.isWhitespace(body.charAt(i)) && body.charAt(i) != ',') {
                i++;
            }
            if (i > start) {
                spans.add(new int[] {start, i});
            }
        }
        return spans;
    }

    /** The columns a header token stands for: itself, or the lanes of a bus ({@code x[*]}, {@code x[2..5]}). */
    private static List<String> expandBus(String token, Netlist netlist, Pos pos, java.util.function.UnaryOperator<String> quote) {
        Matcher m = BUS.matcher(token);
        if (!m.matches()) {
            return List.of(token);
        }
        Netlist.TopPort p = input(m.group(1), netlist, pos, quote);
        int from = 0;
        int to = p.lanes() - 1;
        if (m.group(2) != null) {
            try {
                from = Integer.parseInt(m.group(2));
                to = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || to < from || to >= p.lanes()) {
                throw new NetlistException(pos, m.group(1) + " has lanes 0.." + (p.lanes() - 1) + "; " + quote.apply(token)
                        + " is not a range of them (low..high)");
            }
        }
        List<String> columns = new ArrayList<>();
        for (int lane = from; lane <= to; lane++) {
            columns.add(m.group(1) + "[" + lane + "]");
        }
        return columns;
    }

    /** The top input a header column names, or an error listing the inputs. */
    private static Netlist.TopPort input(String port, Netlist netlist, Pos pos, java.util.function.UnaryOperator<String> quote) {
        Netlist.TopPort p = netlist.input(port);
        if (p == null) {
            String what = netlist.output(port) != null ? port + " is an output of " + netlist.top()
                    : netlist.top() + " has no input " + quote.apply(port);
            throw new NetlistException(pos, what + "; inputs: "
                    + String.join(", ", netlist.inputs().stream().map(Netlist.TopPort::name).toList()));
        }
        return p;
    }

    private static int column(String token, Netlist netlist, Pos pos, Set<String> named, java.util.function.UnaryOperator<String> quote) {
        Matcher m = COLUMN.matcher(token);
        if (!m.matches()) {
            throw new NetlistException(pos, "expected an input name like a or b[3], got " + quote.apply(token));
        }
        String port = m.group(1);
        Netlist.TopPort p = input(port, netlist, pos, quote);
        named.add(port);
        if (m.group(2) == null) {
            if (p.lanes() > 1) {
                throw new NetlistException(pos, port + " has " + p.lanes() + " lanes; name each, " + port + "[0] .. " + port + "[" + (p.lanes() - 1)
                        + "], or all at once as " + port + "[*]");
            }
            return p.nets()[0];
        }
        long lane;
        try {
            lane = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            lane = -1;
        }
        if (lane < 0 || lane >= p.lanes()) {
            throw new NetlistException(pos, port + " has lanes 0.." + (p.lanes() - 1) + ", not " + m.group(2));
        }
        return p.nets()[(int) lane];
    }

    /** A value for an input of {@code type}: a number that fits it, or a hexadecimal or binary bit pattern of at most its width. */
    private static java.math.BigInteger value(String token, SignalType type, Pos pos, java.util.function.UnaryOperator<String> quote) {
        java.math.BigInteger v;
        try {
            v = Literal.parseBig(token);
        } catch (NumberFormatException e) {
            throw new NetlistException(pos, quote.apply(token) + " is not a number (decimal, 0x.., 0b..) or - to hold");
        }
        int w = type.width();
        java.math.BigInteger min = type.signed() && !Literal.isBitPattern(token) ? java.math.BigInteger.ONE.shiftLeft(w - 1).negate()
                : java.math.BigInteger.ZERO;
        java.math.BigInteger limit = type.signed() && !Literal.isBitPattern(token) ? java.math.BigInteger.ONE.shiftLeft(w - 1)
                : java.math.BigInteger.ONE.shiftLeft(w);
        if (v.compareTo(min) < 0 || v.compareTo(limit) >= 0) {
            throw new NetlistException(pos, "value " + quote.apply(token) + " does not fit " + type);
        }
        return v;
    }

    /** Cycles the file describes. */
    public int rows() {
        return rows.size();
    }

    /** Drives the inputs for a cycle, before it settles. */
    public void apply(Simulator sim, long cycle) {
        if (resetNet >= 0 && cycle <= 1) {
            sim.set(resetNet, cycle == 0 ? 1 : 0);
        }
        if (rows.isEmpty() || cycle >= rows.size()) {
            return;
        }
        long[] row = rows.get((int) cycle);
        boolean[] h = hold[(int) cycle];
        for (int i = 0; i < nets.length; i++) {
            if (!h[i]) {
                sim.setWide(nets[i], row[2 * i], row[2 * i + 1]);
            }
        }
    }
}
