package dev.bdsim.netlist;

import dev.bdsim.netlist.Ast.Alias;
import dev.bdsim.netlist.Ast.Arg;
import dev.bdsim.netlist.Ast.BundleDecl;
import dev.bdsim.netlist.Ast.FieldDecl;
import dev.bdsim.netlist.Ast.Binary;
import dev.bdsim.netlist.Ast.Call;
import dev.bdsim.netlist.Ast.ClockStmt;
import dev.bdsim.netlist.Ast.Concat;
import dev.bdsim.netlist.Ast.ConnectStmt;
import dev.bdsim.netlist.Ast.Expr;
import dev.bdsim.netlist.Ast.ForStmt;
import dev.bdsim.netlist.Ast.IfStmt;
import dev.bdsim.netlist.Ast.Import;
import dev.bdsim.netlist.Ast.Index;
import dev.bdsim.netlist.Ast.InstStmt;
import dev.bdsim.netlist.Ast.IntLit;
import dev.bdsim.netlist.Ast.LetStmt;
import dev.bdsim.netlist.Ast.Member;
import dev.bdsim.netlist.Ast.ModuleDecl;
import dev.bdsim.netlist.Ast.Name;
import dev.bdsim.netlist.Ast.ParamDecl;
import dev.bdsim.netlist.Ast.PortDecl;
import dev.bdsim.netlist.Ast.Range;
import dev.bdsim.netlist.Ast.Ref;
import dev.bdsim.netlist.Ast.ResetStmt;
import dev.bdsim.netlist.Ast.SizedLit;
import dev.bdsim.netlist.Ast.SourceFile;
import dev.bdsim.netlist.Ast.Stmt;
import dev.bdsim.netlist.Ast.StrLit;
import dev.bdsim.netlist.Ast.TypeExpr;
import dev.bdsim.netlist.Ast.Unary;
import dev.bdsim.netlist.Ast.WireDecl;
import dev.bdsim.netlist.Lexer.Kind;
import dev.bdsim.netlist.Lexer.Token;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Recursive-descent parser of one netlist file. */
final class Parser {
    private static final Set<String> KEYWORDS = Set.of(
            "module", "bundle", "import", "clock", "reset", "in", "out", "wire", "let", "inst", "for", "if", "else");
    private static final Pattern FIXED_TYPE = Pattern.compile("[us][0-9]+");
    private static final int MAX_NESTING = 200;

    private final List<Token> tokens;
    private final Path path;
    private int at;
    private int nesting;

    private Parser(List<Token> tokens, Path path) {
        this.tokens = tokens;
        this.path = path;
    }

    static SourceFile parse(String text, Path path, String displayName) {
        return new Parser(Lexer.tokenize(text, displayName, dev.bdsim.io.InputFiles.quotable(path, "netlist")), path).file();
    }

    // ---- token helpers ----

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

    private boolean accept(String symbol) {
        if (peek().is(symbol) && peek().kind() != Kind.STRING) {
            at++;
            return true;
        }
        return false;
    }

    private Token expect(String symbol, String what) {
        Token t = peek();
        if (!t.is(symbol)) {
            throw error(t, "expected '" + symbol + "' " + what + ", found " + t.describe());
        }
        return next();
    }

    private NetlistException error(Token t, String message) {
        return new NetlistException(t.pos(), message);
    }

    private String name(String what) {
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        if (KEYWORDS.contains(t.text())) {
            throw error(t, "'" + t.text() + "' is a keyword and cannot be used as " + what);
        }
        return next().text();
    }

    private void skipNewlines() {
        while (peek().kind() == Kind.NEWLINE || peek().is(";")) {
            next();
        }
    }

    private void endOfStatement() {
        Token t = peek();
        if (t.kind() == Kind.NEWLINE || t.is(";")) {
            next();
        } else if (!t.is("}") && t.kind() != Kind.END) {
            throw error(t, "expected end of statement (a new line or ';'), found " + t.describe());
        }
    }

    private void enter(Token t) {
        if (++nesting > MAX_NESTING) {
            throw error(t, "nested more than " + MAX_NESTING + " levels deep");
        }
    }

    // ---- file, modules, statements ----

    private SourceFile file() {
        List<Import> imports = new ArrayList<>();
        List<ModuleDecl> modules = new ArrayList<>();
        List<BundleDecl> bundles = new ArrayList<>();
        skipNewlines();
        while (peek().kind() != Kind.END) {
            Token t = peek();
            if (t.is("import") && t.kind() == Kind.IDENT) {
                next();
                Token file = next();
                if (file.kind() != Kind.STRING) {
                    throw error(file, "expected a file name in quotes after import, e.g. import \"lib.bdn\"");
                }
                imports.add(new Import(t.pos(), file.text()));
                endOfStatement();
            } else if (t.is("module") && t.kind() == Kind.IDENT) {
                modules.add(module());
            } else if (t.is("bundle") && t.kind() == Kind.IDENT) {
                bundles.add(bundle());
                endOfStatement();
            } else {
                throw error(t, "expected 'module', 'bundle' or 'import', found " + t.describe());
            }
            skipNewlines();
        }
        return new SourceFile(path, imports, modules, bundles);
    }

    private ModuleDecl module() {
        Token start = next();
        String name = name("a module name");
        List<ParamDecl> params = new ArrayList<>();
        if (accept("#")) {
            expect("(", "to open the parameter list");
            if (!peek().is(")")) {
                do {
                    Token p = peek();
                    String pname = name("a parameter name");
                    expect("=", "and a default value after parameter " + pname);
                    Expr value = expr();
                    Expr min = null;
                    Expr max = null;
                    if (peek().is("in") && peek().kind() == Kind.IDENT) {
                        next();
                        min = expr();
                        expect("..", "in the range of parameter " + pname);
                        max = expr();
                    }
                    params.add(new ParamDecl(p.pos(), pname, value, min, max));
                } while (accept(","));
            }
            expect(")", "to close the parameter list");
        }
        if (peek().is("=") && peek().kind() == Kind.SYMBOL) {
            next();
            Token target = peek();
            String module = name("the name of the module it stands for (module " + name + " = other_module(P = 1))");
            List<Arg> args = peek().is("(") ? arguments(module) : List.of();
            endOfStatement();
            return new ModuleDecl(start.pos(), name, params, List.of(), path, new Alias(target.pos(), module, args));
        }
        List<Stmt> body = block("module " + name);
        return new ModuleDecl(start.pos(), name, params, body, path, null);
    }

    private BundleDecl bundle() {
        Token start = next();
        String name = name("a bundle name");
        Token open = expect("{", "and the fields of bundle " + name + " (bundle " + name + " { valid, last : u1 })");
        enter(open);
        List<FieldDecl> fields = new ArrayList<>();
        skipNewlines();
        while (!peek().is("}")) {
            if (peek().kind() == Kind.END) {
                throw error(open, "bundle " + name + " is never closed: add '}'");
            }
            List<Name> names = names("a field name");
            Ast.TypeExpr type = type();
            for (Name n : names) {
                fields.add(new FieldDecl(n.pos(), n.name(), type));
            }
            endOfStatement();
            skipNewlines();
        }
        next();
        nesting--;
        if (fields.isEmpty()) {
            throw error(open, "bundle " + name + " has no fields");
        }
        return new BundleDecl(start.pos(), name, fields);
    }

    private List<Stmt> block(String what) {
        Token open = expect("{", "to open " + what);
        enter(open);
        List<Stmt> body = new ArrayList<>();
        skipNewlines();
        while (!peek().is("}")) {
            if (peek().kind() == Kind.END) {
                throw error(open, what + " is never closed: add '}'");
            }
            body.add(statement());
            skipNewlines();
        }
        next();
        nesting--;
        return body;
    }

    private Stmt statement() {
        Token t = peek();
        Stmt s;
        String keyword = t.kind() == Kind.IDENT ? t.text() : "";
        switch (keyword) {
            case "clock" -> {
                next();
                s = new ClockStmt(t.pos(), name("a clock name"));
            }
            case "reset" -> {
                next();
                s = new ResetStmt(t.pos(), name("a reset name"));
            }
            case "in", "out" -> {
                next();
                List<Name> names = names("a port name");
                s = new PortDecl(t.pos(), keyword.equals("in"), names, type());
            }
            case "wire" -> {
                next();
                List<Name> names = names("a wire name");
                s = new WireDecl(t.pos(), names, type());
            }
            case "let" -> {
                next();
                String n = name("a constant name");
                expect("=", "after let " + n);
                s = new LetStmt(t.pos(), n, expr());
            }
            case "inst" -> s = instance();
            case "bundle" -> s = bundle();
            case "for" -> {
                next();
                String v = name("a loop variable");
                expect("in", "after the loop variable");
                Expr from = expr();
                expect("..", "in the loop range (e.g. 0..N-1)");
                Expr to = expr();
                return new ForStmt(t.pos(), v, from, to, block("the for loop"));
            }
            case "if" -> {
                next();
                Expr condition = expr();
                List<Stmt> then = block("the if branch");
                List<Stmt> otherwise = List.of();
                if (peek().is("else") && peek().kind() == Kind.IDENT) {
                    next();
                    otherwise = peek().is("if") ? List.of(statement()) : block("the else branch");
                }
                return new IfStmt(t.pos(), condition, then, otherwise);
            }
            case "module", "import", "else" -> throw error(t, "'" + keyword + "' is not allowed here");
            default -> s = connection();
        }
        endOfStatement();
        return s;
    }

    private List<Name> names(String what) {
        List<Name> names = new ArrayList<>();
        do {
            Token t = peek();
            names.add(new Name(t.pos(), name(what)));
        } while (accept(","));
        expect(":", "and a type after the name (e.g. : u8)");
        return names;
    }

    private TypeExpr type() {
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw error(t, "expected a type like u8, s24, u{N} or a bundle name, found " + t.describe());
        }
        next();
        boolean signed = t.text().startsWith("s");
        Expr width = null;
        String bundle = null;
        if (FIXED_TYPE.matcher(t.text()).matches()) {
            try {
                width = new IntLit(t.pos(), Long.parseLong(t.text().substring(1)));
            } catch (NumberFormatException e) {
                throw error(t, "width of " + t.text() + " is too large");
            }
        } else if ((t.text().equals("u") || t.text().equals("s")) && peek().is("{")) {
            next();
            width = expr();
            expect("}", "after the width expression");
        } else if (!KEYWORDS.contains(t.text())) {
            bundle = t.text();
            signed = false;
        } else {
            throw error(t, "expected a type like u8, s24, u{N} or a bundle name, found " + t.describe());
        }
        Expr lanes = null;
        if (accept("[")) {
            lanes = expr();
            expect("]", "after the number of lanes");
        }
        return new TypeExpr(t.pos(), signed, width, lanes, bundle);
    }

    private InstStmt instance() {
        Token start = next();
        String n = name("an instance name");
        Expr count = null;
        if (accept("[")) {
            count = expr();
            expect("]", "after the instance count");
        }
        expect("=", "and a component after the instance name (inst r = Register(width = 8))");
        Token type = peek();
        String typeName = name("a component or module name");
        List<Arg> args = peek().is("(") ? arguments(typeName) : List.of();
        return new InstStmt(start.pos(), n, count, type.pos(), typeName, args);
    }

    /** {@code (P = v, ...)} after a component or module name. */
    private List<Arg> arguments(String of) {
        expect("(", "to open the parameter list of " + of);
        List<Arg> args = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                Token a = peek();
                String an = name("a parameter name");
                expect("=", "after parameter " + an);
                args.add(new Arg(a.pos(), an, expr()));
            } while (accept(","));
        }
        expect(")", "to close the parameter list of " + of);
        return args;
    }

    private ConnectStmt connection() {
        Token t = peek();
        Expr source = expr();
        if (!peek().is("->")) {
            throw error(peek(), "expected '->' and a target (source -> target), found " + peek().describe());
        }
        next();
        List<Expr> targets = new ArrayList<>();
        do {
            targets.add(postfix());
        } while (accept(","));
        return new ConnectStmt(t.pos(), source, targets);
    }

    // ---- expressions ----

    Expr expr() {
        return binary(0);
    }

    private Expr binary(int level) {
        if (level == Operator.LEVELS) {
            return unary();
        }
        Expr left = binary(level + 1);
        int operators = 0;
        while (peek().kind() == Kind.SYMBOL && Operator.at(level, peek().text()) != null) {
            Token op = next();
            if (++operators > MAX_NESTING) {
                throw error(op, "expression has more than " + MAX_NESTING + " operators in a row; split it with let");
            }
            Expr right = binary(level + 1);
            left = new Binary(op.pos(), Operator.at(level, op.text()), left, right);
        }
        return left;
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind() == Kind.SYMBOL && (t.text().equals("-") || t.text().equals("~"))) {
            next();
            enter(t);
            Expr operand = unary();
            nesting--;
            return new Unary(t.pos(), t.text(), operand);
        }
        return postfix();
    }

    private Expr postfix() {
        Expr e = primary();
        while (true) {
            Token t = peek();
            if (t.is("[") && t.kind() == Kind.SYMBOL) {
                next();
                Expr first = expr();
                if (accept(":")) {
                    Expr low = expr();
                    expect("]", "to close the bit slice");
                    e = new Range(t.pos(), e, first, low);
                } else {
                    expect("]", "to close the index");
                    e = new Index(t.pos(), e, first);
                }
            } else if (t.is(".") && t.kind() == Kind.SYMBOL) {
                next();
                Token port = next();
                if (port.kind() != Kind.IDENT) {
                    throw error(port, "expected a port or field name after '.', found " + port.describe());
                }
                e = new Member(t.pos(), e, port.text());
            } else {
                return e;
            }
        }
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case INT:
                return new IntLit(t.pos(), t.value());
            case SIZED:
                return new SizedLit(t.pos(), t.width(), t.value());
            case STRING:
                return new StrLit(t.pos(), t.text());
            case IDENT:
                if (KEYWORDS.contains(t.text())) {
                    throw error(t, "'" + t.text() + "' is a keyword; expected a value");
                }
                if (peek().is("(") && peek().kind() == Kind.SYMBOL) {
                    next();
                    List<Expr> args = new ArrayList<>();
                    enter(t);
                    if (!peek().is(")")) {
                        do {
                            args.add(expr());
                        } while (accept(","));
                    }
                    expect(")", "to close the call of " + t.text());
                    nesting--;
                    return new Call(t.pos(), t.text(), args);
                }
                return new Ref(t.pos(), t.text());
            case SYMBOL:
                if (t.text().equals("(")) {
                    enter(t);
                    Expr inner = expr();
                    expect(")", "to close the parenthesis");
                    nesting--;
                    return inner;
                }
                if (t.text().equals("{")) {
                    enter(t);
                    List<Expr> parts = new ArrayList<>();
                    do {
                        parts.add(expr());
                    } while (accept(","));
                    expect("}", "to close the concatenation");
                    nesting--;
                    return new Concat(t.pos(), parts);
                }
                throw error(t, "expected a value, found " + t.describe());
            default:
                throw error(t, "expected a value, found " + t.describe());
        }
    }
}
