package dev.bdsim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table a command prints: aligned text or Markdown for people, and the same rows as JSON objects
 * under snake_case keys for programs ({@code --json}). Numbers keep their full precision in JSON; a
 * column's format applies to the text only.
 */
final class Table {
    /** A column: its JSON key, its header, and a format for its values ({@code %s} for text, left-aligned). */
    record Column(String key, String header, String format) {
        boolean text() {
            return format.equals("%s");
        }

        String show(Object v) {
            if (v == null || v instanceof Double d && !Double.isFinite(d)) {
                return "-";
            }
            return String.format(Locale.ROOT, format, v);
        }
    }

    enum Style { TEXT, MARKDOWN }

    private final String key;
    private final List<Column> columns = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();

    /** {@code key}: the table's name in the command's JSON document. */
    Table(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    Table column(String key, String header, String format) {
        columns.add(new Column(key, header, format));
        return this;
    }

    /** A row, one value per column (a String, a Number, or null where the column does not apply). */
    Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(key + ": " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(values.clone());
        return this;
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out, Style style) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (Object[] r : rows) {
            String[] line = new String[r.length];
            for (int i = 0; i < r.length; i++) {
                line[i] = columns.get(i).show(r[i]);
            }
            cells.add(line);
        }
        if (style == Style.MARKDOWN) {
            for (int i = 0; i < cells.size(); i++) {
                out.println("| " + String.join(" | ", cells.get(i)) + " |");
                if (i == 0) {
                    out.println("|" + String.join("|", columns.stream().map(c -> c.text() ? "---" : "---:").toList()) + "|");
                }
            }
            return;
        }
        int[] width = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String pad = " ".repeat(width[i] - line[i].length());
                b.append(i == 0 ? "" : "  ").append(columns.get(i).text() ? line[i] + pad : pad + line[i]);
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /** The rows as JSON objects. */
    ArrayNode json() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object[] r : rows) {
            ObjectNode o = array.addObject();
            for (int i = 0; i < r.length; i++) {
                put(o, columns.get(i).key(), r[i]);
            }
        }
        return array;
    }

    static void put(ObjectNode o, String key, Object v) {
        if (v == null || v instanceof Double d && !Double.isFinite(d)) {
            o.putNull(key);
        } else if (v instanceof Integer || v instanceof Long) {
            o.put(key, ((Number) v).longValue());
        } else if (v instanceof Number n) {
            o.put(key, n.doubleValue());
        } else if (v instanceof Boolean b) {
            o.put(key, b);
        } else {
            o.put(key, v.toString());
        }
    }

    /** Keys must be snake_case: the style of the sweep's result files. */
    static boolean snakeCase(String key) {
        return key.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    }
}
