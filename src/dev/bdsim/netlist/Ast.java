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

    /** {@code base.name}: a port of an instance. */
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

    /** {@code u8}, {@code s{N+1}}, optionally with lanes {@code [LANES]}. */
    record TypeExpr(Pos pos, boolean signed, Expr width, Expr lanes) {
    }

    record Name(Pos pos, String name) {
    }

    record Arg(Pos pos, String name, Expr value) {
    }

    sealed interface Stmt permits ClockStmt, ResetStmt, PortDecl, WireDecl, LetStmt, InstStmt, ForStmt, IfStmt, ConnectStmt {
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

    /** {@code NAME = default in min..max}; min and max are null without a range. */
    record ParamDecl(Pos pos, String name, Expr defaultValue, Expr min, Expr max) {
    }

    record ModuleDecl(Pos pos, String name, List<ParamDecl> params, List<Stmt> body, Path file) {
    }

    record Import(Pos pos, String path) {
    }

    record SourceFile(Path path, List<Import> imports, List<ModuleDecl> modules) {
    }
}
