package dev.bdsim.format;

import dev.bdsim.io.InputFiles;
import dev.bdsim.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A DialectFP4 formatbook: dialects of eight unsigned magnitudes in half-units (value = h / 2),
 * loaded from a text file (one line {@code "<id>: h0 .. h7"} per dialect, {@code #} comments).
 * Also holds the lookup tables the online quantizers and decoders use, indexed by the 5-bit
 * quarter-unit magnitude {@code u} (0..31).
 */
public final class Formatbook {
    public static final int MAGNITUDES = 8;
    public static final int MAX_HALF_UNITS = 15;
    public static final int QUARTER_UNITS = 32;
    public static final String STANDARD_RESOURCE = "formatbooks/dialectfp4.fbk";

    private final String source;
    private final int[][] h;
    private final int[][] nearest;
    private final int[][] error;
    private final int[][] groups;

    private Formatbook(String source, int[][] h) {
        this.source = source;
        this.h = h;
        this.nearest = new int[h.length][QUARTER_UNITS];
        this.error = new int[h.length][QUARTER_UNITS];
        for (int d = 0; d < h.length; d++) {
            for (int u = 0; u < QUARTER_UNITS; u++) {
                int best = 0;
                for (int k = 1; k < MAGNITUDES; k++) {
                    if (Math.abs(u - 2 * h[d][k]) <= Math.abs(u - 2 * h[d][best])) {
                        best = k; // ties go to the larger magnitude
                    }
                }
                nearest[d][u] = best;
                error[d][u] = Math.abs(u - 2 * h[d][best]);
            }
        }
        TreeMap<Integer, List<Integer>> byMax = new TreeMap<>();
        for (int d = 0; d < h.length; d++) {
            byMax.computeIfAbsent(h[d][MAGNITUDES - 1], k -> new ArrayList<>()).add(d);
        }
        this.groups = byMax.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** The BlockDialect formatbook of Figure 4, shipped in {@code rtl-models/formatbooks/dialectfp4.fbk}. */
    public static Formatbook standard() {
        try (InputStream in = Formatbook.class.getClassLoader().getResourceAsStream(STANDARD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + STANDARD_RESOURCE);
            }
            return parse(STANDARD_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + STANDARD_RESOURCE, e);
        }
    }

    public static Formatbook load(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, "formatbook");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read formatbook (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text);
    }

    public static Formatbook parse(String source, String text) {
        java.util.function.UnaryOperator<String> quote = InputFiles.quoter(java.nio.file.Path.of(source), "formatbook");
        List<int[]> dialects = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (body.isEmpty()) {
                continue;
            }
            String where = source + ":" + (ln + 1) + ": ";
            int colon = body.indexOf(':');
            if (colon < 0) {
                throw new BadInputException(where + "expected '<id>: h0 h1 .. h7', got " + quote.apply(body));
            }
            int id = parseInt(where, body.substring(0, colon).strip(), "dialect id", quote);
            if (id != dialects.size()) {
                throw new BadInputException(where + "dialect id " + id + " out of order; expected " + dialects.size()
                        + " (ids count up from 0)");
            }
            String[] fields = body.substring(colon + 1).strip().split("\\s+");
            if (fields.length != MAGNITUDES) {
                throw new BadInputException(where + "dialect " + id + " has " + fields.length + " magnitudes; a 4-bit code needs exactly "
                        + MAGNITUDES);
            }
            int[] mags = new int[MAGNITUDES];
            for (int k = 0; k < MAGNITUDES; k++) {
                mags[k] = parseInt(where, fields[k], "magnitude", quote);
                if (mags[k] < 0 || mags[k] > MAX_HALF_UNITS) {
                    throw new BadInputException(where + "magnitude " + mags[k] + " out of range 0.." + MAX_HALF_UNITS
                            + " half-units (4-bit magnitudes)");
                }
                if (k == 0 && mags[0] != 0) {
                    throw new BadInputException(where + "the first magnitude of every dialect must be 0");
                }
                if (k > 0 && mags[k] <= mags[k - 1]) {
                    throw new BadInputException(where + "magnitudes must increase strictly; " + mags[k] + " follows " + mags[k - 1]);
                }
            }
            dialects.add(mags);
        }
        int n = dialects.size();
        if (n == 0 || Integer.bitCount(n) != 1 || n > 256) {
            throw new BadInputException(source + ": a formatbook needs a power-of-two number of dialects (1..256), found " + n);
        }
        return new Formatbook(source, dialects.toArray(new int[0][]));
    }

    private static int parseInt(String where, String s, String what, java.util.function.UnaryOperator<String> quote) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + what + " " + quote.apply(s) + " is not an integer");
        }
    }

    public String source() {
        return source;
    }

    public int dialects() {
        return h.length;
    }

    /** Bits of the dialect id in the block metadata. */
    public int dialectBits() {
        return Integer.numberOfTrailingZeros(h.length);
    }

    /** Magnitude k of dialect d in half-units. */
    public int halfUnits(int d, int k) {
        return h[d][k];
    }

    public int maxHalfUnits(int d) {
        return h[d][MAGNITUDES - 1];
    }

    /** Index of the magnitude nearest to quarter-unit value u (ties to the larger magnitude). */
    public int nearestIndex(int d, int u) {
        return nearest[d][u];
    }

    /** |u - 2h| for the nearest magnitude of dialect d. */
    public int error(int d, int u) {
        return error[d][u];
    }

    /** Dialects grouped by their largest magnitude, ascending; in the standard book, the pairs. */
    public int[][] groupsByMax() {
        return Arrays.stream(groups).map(int[]::clone).toArray(int[][]::new);
    }

    public int minOfMaxHalfUnits() {
        return h[groups[0][0]][MAGNITUDES - 1];
    }

    public int maxOfMaxHalfUnits() {
        return h[groups[groups.length - 1][0]][MAGNITUDES - 1];
    }
}
