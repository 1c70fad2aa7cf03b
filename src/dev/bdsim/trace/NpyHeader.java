package dev.bdsim.trace;

import dev.bdsim.BadInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code .npy} file: a Python dictionary literal with exactly the keys {@code descr}
 * (a string), {@code fortran_order} (a bool) and {@code shape} (a tuple of integers), as the format's
 * specification defines it. Parsed as that literal grammar, not searched with patterns, so a key
 * inside another key's string, a duplicate key or trailing text is an error.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    static NpyHeader parse(String text, String where) {
        Parser p = new Parser(text, where);
        Map<String, Object> dict = p.dict();
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("text after the dictionary");
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new BadInputException(where + ": .npy header must have exactly the keys descr, fortran_order and shape, has "
                    + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new BadInputException(where + ": .npy header: descr must be a string");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new BadInputException(where + ": .npy header: fortran_order must be True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) {
            throw new BadInputException(where + ": .npy header: shape must be a tuple of integers");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) {
                throw new BadInputException(where + ": .npy header: shape must be a tuple of non-negative integers");
            }
            shape[i] = d;
        }
        return new NpyHeader(descr, fortran, shape);
    }

    private static final class Parser {
        private final String text;
        private final String where;
        private int at;

        Parser(String text, String where) {
            this.text = text;
            this.where = where;
        }

        BadInputException error(String what) {
            return new BadInputException(where + ": malformed .npy header at character " + at + ": " + what);
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean take(char c) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!take(c)) {
                throw error("expected '" + c + "'");
            }
        }

        Map<String, Object> dict() {
            expect('{');
            Map<String, Object> d = new LinkedHashMap<>();
            while (!take('}')) {
                String key = string();
                expect(':');
                if (d.put(key, value()) != null) {
                    throw error("key '" + key + "' appears twice");
                }
                if (!take(',')) {
                    expect('}');
                    break;
                }
            }
            return d;
        }

        Object value() {
            skipSpace();
            if (at >= text.length()) {
                throw error("a value is missing");
            }
            char c = text.charAt(at);
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                at++;
                List<Long> items = new ArrayList<>();
                while (!take(')')) {
                    items.add(integer());
                    if (!take(',')) {
                        expect(')');
                        break;
                    }
                }
                return items;
            }
            if (text.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            return integer();
        }

        String string() {
            skipSpace();
            if (at >= text.length() || (text.charAt(at) != '\'' && text.charAt(at) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = text.charAt(at++);
            int end = text.indexOf(quote, at);
            if (end < 0 || text.substring(at, end).indexOf('\\') >= 0) {
                throw error("unterminated or escaped string");
            }
            String s = text.substring(at, end);
            at = end + 1;
            return s;
        }

        long integer() {
            skipSpace();
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (start == at) {
                throw error("expected an integer");
            }
            if (at < text.length() && text.charAt(at) == 'L') {
                at++; // Python 2 long literals
            }
            try {
                return Long.parseLong(text.substring(start, at).replace("L", ""));
            } catch (NumberFormatException e) {
                throw error("integer " + text.substring(start, at) + " is too large");
            }
        }
    }
}
