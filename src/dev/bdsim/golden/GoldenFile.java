package dev.bdsim.golden;

import dev.bdsim.BadInputException;
import dev.bdsim.io.AtomicFile;
import dev.bdsim.io.InputFiles;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text golden file: {@code key: value} header lines (the case), then the sections
 * {@code [metrics]} ({@code name = value}), {@code [components]} (instance, type, area GE, energy
 * pJ, toggles, actions) and {@code [events]} ({@code cycle,signal,value}, the output stream as
 * changes). Every section is optional when reading, so a file holding only a header and an
 * {@code [events]} CSV written by an RTL simulator is a golden file too. Lines starting with
 * {@code #} are comments.
 */
public final class GoldenFile {
    private GoldenFile() {}

    public static void write(Path file, GoldenResult r) throws IOException {
        AtomicFile.writeText(file, w -> {
            w.write("# bdsim golden file: ./sim golden verify re-runs this case and compares; ./sim golden record rewrites it\n");
            for (Map.Entry<String, String> e : r.goldenCase().header().entrySet()) {
                w.write(e.getKey() + ": " + e.getValue() + "\n");
            }
            if (!r.inputs().isEmpty()) {
                w.write("\n[inputs]\n# file = sha256 of the bytes read (a weight name: of its FP16 bits)\n");
                for (Map.Entry<String, String> e : r.inputs().entrySet()) {
                    w.write(e.getKey() + " = " + e.getValue() + "\n");
                }
            }
            w.write("\n[metrics]\n");
            for (Map.Entry<String, String> e : r.metrics().entrySet()) {
                w.write(e.getKey() + " = " + e.getValue() + "\n");
            }
            w.write("\n[components]\n# instance type area_ge energy_pj toggles actions\n");
            for (GoldenResult.ComponentLine c : r.components()) {
                w.write(String.join(" ", c.instance(), c.type(), c.areaGe(), c.energyPj(), Long.toString(c.toggles()),
                        Long.toString(c.actions())) + "\n");
            }
            w.write("\n[events]\n");
            w.write("# total = " + r.totalEvents() + ", sha256 = " + r.eventsSha256()
                    + (r.totalEvents() > r.events().size() ? ", the first " + r.events().size() + " listed" : "") + "\n");
            w.write("cycle,signal,value\n");
            for (GoldenResult.Event e : r.events()) {
                w.write(e.line() + "\n");
            }
        });
    }

    private static final java.util.regex.Pattern TOTAL = java.util.regex.Pattern.compile(
            "# total = (\\d+), sha256 = ([0-9a-f]{64})(, the first \\d+ listed)?");

    public static GoldenResult read(Path file) {
        List<String> lines;
        try {
            lines = InputFiles.readText(file, "golden").lines().toList();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read golden file (" + e.getMessage() + ")");
        }
        java.util.function.UnaryOperator<String> quote = InputFiles.quoter(file, "golden");
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        Map<String, String> inputs = new LinkedHashMap<>();
        List<GoldenResult.ComponentLine> components = new ArrayList<>();
        List<GoldenResult.Event> events = new ArrayList<>();
        Map<String, BigInteger> current = new java.util.HashMap<>();
        long total = -1;
        String sha = "";
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (line.startsWith("# total = ")) {
                java.util.regex.Matcher m = TOTAL.matcher(line);
                if (!m.matches()) {
                    throw new BadInputException(where + ": expected '# total = N, sha256 = <64 hex digits>', got "
                            + quote.apply(line));
                }
                total = parseLong(where, m.group(1), quote);
                sha = m.group(2);
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                if (!List.of("inputs", "metrics", "components", "events").contains(section)) {
                    throw new BadInputException(where + ": unknown section " + quote.apply(line)
                            + "; sections are [inputs], [metrics], [components], [events]");
                }
                continue;
            }
            switch (section) {
                case "" -> {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new BadInputException(where + ": expected a header line 'key: value', got " + quote.apply(line));
                    }
                    header.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
                case "inputs" -> {
                    int eq = line.lastIndexOf(" = ");
                    if (eq <= 0) {
                        throw new BadInputException(where + ": expected 'file = sha256' in [inputs], got " + quote.apply(line));
                    }
                    inputs.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
                }
                case "metrics" -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        throw new BadInputException(where + ": expected 'name = value' in [metrics], got " + quote.apply(line));
                    }
                    metrics.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
                case "components" -> {
                    String[] f = line.split("\\s+");
                    if (f.length != 6) {
                        throw new BadInputException(where + ": expected 'instance type area_ge energy_pj toggles actions', got " + quote.apply(line));
                    }
                    components.add(new GoldenResult.ComponentLine(f[0], f[1], f[2], f[3], parseLong(where, f[4], quote), parseLong(where, f[5], quote)));
                }
                default -> {
                    if (line.equals("cycle,signal,value")) {
                        continue;
                    }
                    addEvent(where, line, current, events, quote);
                }
            }
        }
        GoldenCase c = GoldenCase.fromHeader(file.toString(), header);
        return new GoldenResult(c, inputs, metrics, components, events, total < 0 ? events.size() : total, sha);
    }

    /** An output stream as {@code cycle,signal,value} lines (a header line allowed), read as the events of {@code c}. */
    public static GoldenResult readEvents(Path file, GoldenCase c) {
        List<String> lines;
        try {
            lines = InputFiles.readText(file, "output stream").lines().toList();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read output stream (" + e.getMessage() + ")");
        }
        java.util.function.UnaryOperator<String> quote = InputFiles.quoter(file, "output stream");
        List<GoldenResult.Event> events = new ArrayList<>();
        Map<String, BigInteger> current = new java.util.HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.equals("cycle,signal,value")) {
                continue;
            }
            addEvent(file + ":" + (i + 1), line, current, events, quote);
        }
        return new GoldenResult(c, Map.of(), List.of(), events, events.size(), OutputRecorder.sha256(events));
    }

    /** Adds the event on a {@code cycle,signal,value} line when the signal's value changed. */
    private static void addEvent(String where, String line, Map<String, BigInteger> current, List<GoldenResult.Event> events,
                                 java.util.function.UnaryOperator<String> quote) {
        String[] f = line.split(",");
        if (f.length != 3) {
            throw new BadInputException(where + ": expected 'cycle,signal,value', got " + quote.apply(line));
        }
        BigInteger value = parseValue(where, f[2].strip(), quote);
        String signal = f[1].strip();
        if (!value.equals(current.put(signal, value))) {
            events.add(new GoldenResult.Event(parseLong(where, f[0].strip(), quote), signal, value));
        }
    }

    private static long parseLong(String where, String text, java.util.function.UnaryOperator<String> quote) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": " + quote.apply(text) + " is not an integer");
        }
    }

    /** Decimal, or hexadecimal with 0x (as RTL simulators often print). */
    private static BigInteger parseValue(String where, String text, java.util.function.UnaryOperator<String> quote) {
        try {
            return text.startsWith("0x") || text.startsWith("0X") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": value " + quote.apply(text) + " is neither decimal nor 0x hexadecimal");
        }
    }
}
