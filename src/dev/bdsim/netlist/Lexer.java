package dev.bdsim.netlist;

import dev.bdsim.io.InputFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits netlist text into tokens. A line break ends a statement unless it falls inside
 * parentheses or brackets; {@code //} and {@code /* *}{@code /} are comments.
 */
final class Lexer {
    enum Kind { IDENT, INT, SIZED, STRING, SYMBOL, NEWLINE, END }

    /** One token; {@code value} holds the number of INT and SIZED tokens, {@code width} the size of SIZED ones. */
    record Token(Kind kind, String text, long value, int width, Pos pos, boolean quotable) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbol);
        }

        String describe() {
            return switch (kind) {
                case NEWLINE -> "end of line";
                case END -> "end of file";
                case STRING -> quotable ? "string \"" + InputFiles.excerpt(text) + "\"" : "a string " + InputFiles.notShown("netlist");
                case SYMBOL -> "'" + text + "'";
                default -> quotable ? "'" + InputFiles.excerpt(text) + "'" : "a word or number " + InputFiles.notShown("netlist");
            };
        }
    }

    private static final String[] SYMBOLS = {
        "->", "..", "<<", ">>", "==", "!=", "<=", ">=",
        "{", "}", "(", ")", "[", "]", ",", ";", ":", "=", "#", ".", "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">"
    };

    private final String text;
    private final String file;
    private int at;
    private int line = 1;
    private int lineStart;
    private int nesting;

    private final boolean quotable;

    private Lexer(String text, String file, boolean quotable) {
        this.quotable = quotable;
        this.text = text;
        this.file = file;
    }

    /** @param quotable whether error messages may show the file's words ({@link InputFiles#quotable}) */
    static List<Token> tokenize(String text, String file, boolean quotable) {
        return new Lexer(text, file, quotable).run();
    }

    private Pos pos() {
        return new Pos(file, line, at - lineStart + 1);
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            Pos pos = pos();
            if (at >= text.length()) {
                tokens.add(new Token(Kind.NEWLINE, "\n", 0, 0, pos, quotable));
                tokens.add(new Token(Kind.END, "", 0, 0, pos, quotable));
                return tokens;
            }
            char c = text.charAt(at);
            if (c == '\n') {
                at++;
                if (nesting == 0 && !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() != Kind.NEWLINE) {
                    tokens.add(new Token(Kind.NEWLINE, "\n", 0, 0, pos, quotable));
                }
                line++;
                lineStart = at;
            } else if (Character.isLetter(c) || c == '_') {
                int start = at;
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                    at++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(start, at), 0, 0, pos, quotable));
            } else if (Character.isDigit(c)) {
                tokens.add(number(pos));
            } else if (c == '"') {
                tokens.add(string(pos));
            } else {
                tokens.add(symbol(pos));
            }
        }
    }

    private void skipSpaceAndComments() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                at++;
            } else if (text.startsWith("//", at)) {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (text.startsWith("/*", at)) {
                Pos start = pos();
                int end = text.indexOf("*/", at + 2);
                if (end < 0) {
                    throw new NetlistException(start, "comment is never closed: add */");
                }
                for (int i = at; i < end; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                at = end + 2;
            } else {
                return;
            }
        }
    }

    private Token number(Pos pos) {
        long first = digits(pos, 10);
        if (at < text.length() && text.charAt(at) == '\'') {
            at++;
            if (first < 1 || first > 64) {
                throw new NetlistException(pos, "a sized literal is 1..64 bits wide, got " + first);
            }
            char base = at < text.length() ? Character.toLowerCase(text.charAt(at)) : ' ';
            int radix = switch (base) {
                case 'd' -> 10;
                case 'h' -> 16;
                case 'b' -> 2;
                default -> throw new NetlistException(pos(), "expected d, h or b after ' in a sized literal (e.g. 8'hFF)");
            };
            at++;
            long v = digits(pos(), radix);
            if (first < 64 && Long.compareUnsigned(v, 1L << first) >= 0) {
                throw new NetlistException(pos, "value " + Long.toUnsignedString(v) + " does not fit in " + first + " bits");
            }
            return new Token(Kind.SIZED, text.substring(pos.col() - 1 + lineStart, at), v, (int) first, pos, quotable);
        }
        return new Token(Kind.INT, text.substring(pos.col() - 1 + lineStart, at), first, 0, pos, quotable);
    }

    /** Reads digits in a radix; a leading 0x or 0b switches a decimal number to hexadecimal or binary. */
    private long digits(Pos pos, int radix) {
        if (radix == 10 && (text.startsWith("0x", at) || text.startsWith("0X", at))) {
            at += 2;
            radix = 16;
        } else if (radix == 10 && (text.startsWith("0b", at) || text.startsWith("0B", at))) {
            at += 2;
            radix = 2;
        }
        int start = at;
        while (at < text.length() && (Character.digit(text.charAt(at), radix) >= 0 || text.charAt(at) == '_')) {
            at++;
        }
        if (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)))) {
            throw new NetlistException(pos(), "unexpected '" + text.charAt(at) + "' in a number");
        }
        String body = text.substring(start, at).replace("_", "");
        if (body.isEmpty()) {
            throw new NetlistException(pos, "number without digits");
        }
        try {
            return radix == 10 ? Long.parseLong(body) : Long.parseUnsignedLong(body, radix);
        } catch (NumberFormatException e) {
            throw new NetlistException(pos, "number " + body + " does not fit in 64 bits");
        }
    }

    private Token string(Pos pos) {
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length() || text.charAt(at) == '\n') {
                throw new NetlistException(pos, "string is never closed: add \"");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return new Token(Kind.STRING, sb.toString(), 0, 0, pos, quotable);
            }
            if (c == '\\' && at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\\')) {
                c = text.charAt(at++);
            }
            sb.append(c);
        }
    }

    private Token symbol(Pos pos) {
        for (String s : SYMBOLS) {
            if (text.startsWith(s, at)) {
                at += s.length();
                if (s.equals("(") || s.equals("[")) {
                    nesting++;
                } else if ((s.equals(")") || s.equals("]")) && nesting > 0) {
                    nesting--;
                }
                return new Token(Kind.SYMBOL, s, 0, 0, pos, quotable);
            }
        }
        throw new NetlistException(pos, "unexpected character '" + printable(text.charAt(at)) + "'");
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
