package dev.bdsim.netlist;

import java.nio.file.Path;
import java.util.List;

/** The syntax tree of a netlist file, as parsed and before elaboration. */
final class Ast {
    private Ast() {
    }

    sealed interface Expr permits IntLit, SizedLit, StrLit, Ref, Index, Range, Member, Unary, Binary, Concat, Call {
        Pos pos();
    }

    record IntLit(Pos pos, long value) implements Expr {
    }

    record SizedLit(Pos pos, int width, long value) implements Expr {
    }

    record StrLit(Pos pos, String value) implements Expr {
    }

    record Ref(Pos pos, String name) implements Expr {
    }

    /** {@code base[index]}: a lane of a multi-lane signal or instance array, or a bit of a single-lane signal. */
    record Index(Pos pos, Expr base, Expr index) implements Expr {
    }

    /** {@code base[high:low]}: a bit slice. */
    record Range(Pos pos, Expr base, Expr high, Expr low) implements Expr {
    }

    /** {@code base.name}: a port of an instance, or a field of a bundle signal. */
    record Member(Pos pos, Expr base, String name) implements Expr {
    }

    record Unary(Pos pos, String op, Expr operand) implements Expr {
    }

    record Binary(Pos pos, Operator op, Expr left, Expr right) implements Expr {
    }

    record Concat(Pos pos, List<Expr> parts) implements Expr {
    }

    record Call(Pos pos, String function, List<Expr> args) implements Expr {
    }

    /**
     * {@code u8}, {@code s{N+1}} or a bundle's name ({@code bundle} set, {@code width} null), optionally
     * with lanes {@code [LANES]}.
     */
    record TypeExpr(Pos pos, boolean signed, Expr width, Expr lanes, String bundle) {
    }

    record Name(Pos pos, String name) {
    }

    record Arg(Pos pos, String name, Expr value) {
    }

    sealed interface Stmt permits ClockStmt, ResetStmt, PortDecl, WireDecl, LetStmt, InstStmt, ForStmt, IfStmt, ConnectStmt,
            BundleDecl {
        Pos pos();
    }

    record ClockStmt(Pos pos, String name) implements Stmt {
    }

    record ResetStmt(Pos pos, String name) implements Stmt {
    }

    record PortDecl(Pos pos, boolean input, List<Name> names, TypeExpr type) implements Stmt {
    }

    record WireDecl(Pos pos, List<Name> names, TypeExpr type) implements Stmt {
    }

    record LetStmt(Pos pos, String name, Expr value) implements Stmt {
    }

    /** {@code inst name[count] = Type(args)}; count is null for a single instance. */
    record InstStmt(Pos pos, String name, Expr count, Pos typePos, String type, List<Arg> args) implements Stmt {
    }

    record ForStmt(Pos pos, String variable, Expr from, Expr to, List<Stmt> body) implements Stmt {
    }

    record IfStmt(Pos pos, Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    }

    record ConnectStmt(Pos pos, Expr source, List<Expr> targets) implements Stmt {
    }

    /** {@code bundle Name { a, b : u1; c : u{N} }}: at the top of a file, or in a module body (then its widths may use the module's constants). */
    record BundleDecl(Pos pos, String name, List<FieldDecl> fields) implements Stmt {
    }

    record FieldDecl(Pos pos, String name, TypeExpr type) {
    }

    /** {@code NAME = default in min..max}; min and max are null without a range. */
    record ParamDecl(Pos pos, String name, Expr defaultValue, Expr min, Expr max) {
    }

    /** A module; {@code alias} is set (and the body empty) for {@code module A = B(P = v)}. */
    record ModuleDecl(Pos pos, String name, List<ParamDecl> params, List<Stmt> body, Path file, Alias alias) {
    }

    /** {@code = B(P = v, ...)}: module B with parameters P fixed, its ports and other parameters its own. */
    record Alias(Pos pos, String module, List<Arg> args) {
    }

    record Import(Pos pos, String path) {
    }

    record SourceFile(Path path, List<Import> imports, List<ModuleDecl> modules, List<BundleDecl> bundles) {
    }
}
