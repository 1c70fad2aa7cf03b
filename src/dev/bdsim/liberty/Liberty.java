package dev.bdsim.liberty;

import dev.bdsim.BadInputException;
import dev.bdsim.io.InputFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Liberty (.lib) file as its syntax defines it: groups {@code type (args) { ... }} holding simple
 * attributes {@code name : value ;}, complex attributes {@code name (v1, v2) ;} and nested groups.
 * Comments ({@code /* *}{@code /}, {@code //}) and line continuations ({@code \} at a line end)
 * are dropped by the lexer. The reader knows the syntax only; {@link CellLibrary} gives the cells.
 */
public final class Liberty {
    /** A group; {@code simple} keeps the attributes in file order, {@code line} is where the group starts. */
    public record Group(String type, List<String> args, Map<String, String> simple, List<Complex> complex, List<Group> groups, int line) {
        public String name() {
            return args.isEmpty() ? "" : args.get(0);
        }

        public List<Group> groups(String groupType) {
            return groups.stream().filter(g -> g.type().equals(groupType)).toList();
        }

        public String attribute(String key) {
            return simple.get(key);
        }

        /** The values of the first complex attribute called {@code key}, or null. */
        public List<String> complex(String key) {
            return complex.stream().filter(c -> c.name().equals(key)).map(Complex::values).findFirst().orElse(null);
        }
    }

    public record Complex(String name, List<String> values, int line) {
    }

    private enum Kind { WORD, STRING, SYMBOL, END }

    private record Token(Kind kind, String text, int line) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private final String source;
    private final List<Token> tokens;
    private int at;

    private Liberty(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /** Reads a Liberty file; a syntax error names the file and the line. */
    public static Group read(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, "liberty");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file + ": Liberty file not found (osu018: apt-get install qflow-tech-osu018)");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the Liberty file (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text);
    }

    /** Parses Liberty text: the one top-level group ({@code library (name) { ... }}). */
    public static Group parse(String source, String text) {
        Liberty p = new Liberty(source, lex(source, text));
        Group library = p.group(p.word("a group such as library (name)"));
        if (p.peek().kind() != Kind.END) {
            throw p.error(p.peek(), "text after the closing '}' of the " + library.type() + " group");
        }
        return library;
    }

    private static List<Token> lex(String source, String text) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new BadInputException(source + ":" + line + ": comment is never closed");
                }
                line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end + 2;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"') {
                int start = ++i;
                StringBuilder s = new StringBuilder();
                while (i < n && text.charAt(i) != '"') {
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < n && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
                        i += 2;
                        line++;
                        continue;
                    }
                    if (d == '\n') {
                        line++;
                    }
                    s.append(d);
                    i++;
                }
                if (i >= n) {
                    throw new BadInputException(source + ":" + line + ": string starting at offset " + start + " is never closed");
                }
                i++;
                out.add(new Token(Kind.STRING, s.toString(), line));
            } else if ("{}():;,".indexOf(c) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), line));
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && "{}():;,\"".indexOf(text.charAt(i)) < 0
                        && !(text.charAt(i) == '\\' && i + 1 < n && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r'))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, text.substring(start, i), line));
            }
        }
        out.add(new Token(Kind.END, "", line));
        return out;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    private BadInputException error(Token t, String message) {
        return new BadInputException(source + ":" + t.line() + ": " + message);
    }

    private String describe(Token t) {
        return t.kind() == Kind.END ? "the end of the file" : t.kind() == Kind.STRING ? "a string"
                : t.kind() == Kind.SYMBOL ? "'" + t.text() + "'" : InputFiles.quote(Path.of(source), "liberty", t.text());
    }

    private Token word(String what) {
        Token t = next();
        if (t.kind() != Kind.WORD) {
            throw error(t, "expected " + what + ", found " + describe(t));
        }
        return t;
    }

    private void expect(String symbol, String what) {
        Token t = next();
        if (!t.is(symbol)) {
            throw error(t, "expected '" + symbol + "' " + what + ", found " + describe(t));
        }
    }

    /** After the group's type word: {@code (args) { statements }}. */
    private Group group(Token type) {
        List<String> args = arguments(type);
        expect("{", "to open group " + type.text());
        Map<String, String> simple = new LinkedHashMap<>();
        List<Complex> complex = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        while (!peek().is("}")) {
            Token name = word("an attribute or group name in " + type.text());
            if (peek().is(":")) {
                next();
                StringBuilder value = new StringBuilder();
                while (!peek().is(";") && !peek().is("}") && peek().kind() != Kind.END && peek().line() == name.line()) {
                    Token v = next();
                    value.append(value.length() == 0 ? "" : " ").append(v.text());
                }
                if (value.length() == 0) {
                    throw error(name, "attribute " + name.text() + " has no value");
                }
                if (peek().is(";")) {
                    next();
                }
                simple.put(name.text(), value.toString());
            } else if (peek().is("(")) {
                int mark = at;
                List<String> values = arguments(name);
                if (peek().is("{")) {
                    at = mark;
                    groups.add(group(name));
                } else {
                    if (peek().is(";")) {
                        next();
                    }
                    complex.add(new Complex(name.text(), values, name.line()));
                }
            } else {
                throw error(peek(), "expected ':' or '(' after " + name.text() + ", found " + describe(peek()));
            }
        }
        next();
        return new Group(type.text(), args, simple, complex, groups, type.line());
    }

    private List<String> arguments(Token of) {
        expect("(", "after " + of.text());
        List<String> values = new ArrayList<>();
        while (!peek().is(")")) {
            Token t = next();
            if (t.kind() == Kind.END) {
                throw error(of, "the ( after " + of.text() + " is never closed");
            }
            if (t.is(",")) {
                continue;
            }
            if (t.kind() == Kind.SYMBOL) {
                throw error(t, "unexpected '" + t.text() + "' in the arguments of " + of.text());
            }
            values.add(t.text());
        }
        next();
        return values;
    }
}
