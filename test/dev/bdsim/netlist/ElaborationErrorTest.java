package dev.bdsim.netlist;

import dev.bdsim.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every class of elaboration error, with its message and its line:column. */
class ElaborationErrorTest {
    @TempDir
    Path dir;

    private NetlistException error(Map<String, String> params, String... lines) throws IOException {
        Path file = dir.resolve("t.bdn");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return assertThrows(NetlistException.class, () -> Elaborator.elaborate(file, null, params));
    }

    private void assertError(int line, int col, String fragment, String... lines) throws IOException {
        assertError(Map.of(), line, col, fragment, lines);
    }

    private void assertError(Map<String, String> params, int line, int col, String fragment, String... lines) throws IOException {
        NetlistException e = error(params, lines);
        String where = dir.resolve("t.bdn") + ":" + line + ":" + col + ": ";
        assertTrue(e.getMessage().startsWith(where), "expected at " + where + " but got: " + e.getMessage());
        assertTrue(e.detail().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        assertEquals(line, e.pos().line());
        assertEquals(col, e.pos().col());
    }

    @Test
    void unknownName() throws IOException {
        assertError(4, 3, "unknown name b",
                "module m {", "  in a : u8", "  out y : u8", "  b -> y", "}");
    }

    @Test
    void unknownNameSuggestsACloseOne() throws IOException {
        assertError(4, 3, "unknown name inptu (did you mean input?)",
                "module m {", "  in input : u8", "  out y : u8", "  inptu -> y", "}");
    }

    @Test
    void unknownComponent() throws IOException {
        assertError(3, 12, "unknown component or module Regster (did you mean Register?)",
                "module m {", "  clock clk", "  inst r = Regster(width = 8)", "}");
    }

    @Test
    void unknownPort() throws IOException {
        assertError(5, 9, "Register r has no port dd; its ports: d, q, en",
                "module m {", "  clock clk", "  in a : u8", "  inst r = Register(width = 8)", "  a -> r.dd", "}");
    }

    @Test
    void widthMismatch() throws IOException {
        assertError(4, 3, "width/signedness mismatch: source is u8, target y is u9",
                "module m {", "  in a : u8", "  out y : u9", "  a -> y", "}");
    }

    @Test
    void signednessMismatch() throws IOException {
        assertError(4, 3, "width/signedness mismatch: source is s8, target y is u8",
                "module m {", "  in a : s8", "  out y : u8", "  a -> y", "}");
    }

    @Test
    void widthMismatchInAnExpression() throws IOException {
        assertError(5, 5, "width/signedness mismatch: u8 + u4",
                "module m {", "  in a : u8", "  in b : u4", "  out y : u9", "  a + b -> y", "}");
    }

    @Test
    void laneMismatch() throws IOException {
        assertError(4, 3, "lane mismatch: source has 4 lanes, target y has 8",
                "module m {", "  in a : u8[4]", "  out y : u8[8]", "  a -> y", "}");
    }

    @Test
    void unconnectedInput() throws IOException {
        assertError(4, 3, "unconnected input: r.d (Register) is not driven",
                "module m {", "  clock clk", "  out y : u8", "  inst r = Register(width = 8)", "  r.q -> y", "}");
    }

    @Test
    void unconnectedInputThroughAnUndrivenWire() throws IOException {
        assertError(5, 3, "it reads w, which nothing drives",
                "module m {", "  clock clk", "  out y : u8", "  wire w : u8", "  inst r = Register(width = 8)",
                "  w -> r.d", "  r.q -> y", "}");
    }

    @Test
    void unconnectedModuleInput() throws IOException {
        assertError(7, 3, "unconnected input: s.a (sub) is not driven",
                "module sub {", "  in a : u8", "  out y : u8", "  a -> y", "}",
                "module m {", "  inst s = sub", "}");
    }

    @Test
    void outputNeverDriven() throws IOException {
        assertError(3, 7, "output y of module m is never driven",
                "module m {", "  in a : u8", "  out y : u8", "}");
    }

    @Test
    void multipleDrivers() throws IOException {
        assertError(6, 3, "multiple drivers: y is driven by input port a and by input port b",
                "module m {", "  in a : u8", "  in b : u8", "  out y : u8", "  a -> y", "  b -> y", "}");
    }

    @Test
    void multipleDriversOfOneLane() throws IOException {
        assertError(6, 3, "multiple drivers: w[2]",
                "module m {", "  in a : u8[4]", "  in b : u8", "  wire w : u8[4]", "  a -> w", "  b -> w[2]", "}");
    }

    @Test
    void drivingAnOutputOfAnInstance() throws IOException {
        assertError(5, 9, "r.q is an output of Register; it cannot be driven",
                "module m {", "  clock clk", "  in a : u8", "  inst r = Register(width = 8)", "  a -> r.q", "}");
    }

    @Test
    void combinationalLoopThroughAnExpression() throws IOException {
        assertError(4, 3, "combinational loop: _not0 (Logic) -> _not0",
                "module m {", "  out y : u1", "  wire w : u1", "  ~w -> w", "  w -> y", "}");
    }

    @Test
    void combinationalLoopBetweenInstances() throws IOException {
        assertError(3, 3, "combinational loop: l1 (Lut) -> l2 (Lut) -> l1",
                "module m {", "  out y : u2",
                "  inst l1 = Lut(in_bits = 2, width = 2, table = \"0 1 2 3\")",
                "  inst l2 = Lut(in_bits = 2, width = 2, table = \"3 2 1 0\")",
                "  l1.y -> l2.a", "  l2.y -> l1.a", "  l1.y -> y", "}");
    }

    @Test
    void moduleParameterOutOfRange() throws IOException {
        assertError(6, 16, "parameter N = 9 is out of range 1..8 of module sub",
                "module sub #(N = 4 in 1..8) {", "  out y : u{N}", "  0 -> y", "}",
                "module m {", "  inst s = sub(N = 9)", "}");
    }

    @Test
    void libraryParameterOutOfRange() throws IOException {
        assertError(3, 21, "parameter width = 200 is out of range 1..128 (Register)",
                "module m {", "  clock clk", "  inst r = Register(width = 200)", "}");
    }

    @Test
    void missingLibraryParameter() throws IOException {
        assertError(3, 3, "Register needs parameter width",
                "module m {", "  clock clk", "  inst r = Register()", "}");
    }

    @Test
    void commandLineParameterOutOfRange() throws IOException {
        assertError(Map.of("N", "0"), 1, 12, "parameter N = 0 is out of range 1..8 of module m (set by --param)",
                "module m #(N = 4 in 1..8) {", "  out y : u{N}", "  0 -> y", "}");
    }

    @Test
    void unknownCommandLineParameterIsABadInput() throws IOException {
        Path file = dir.resolve("p.bdn");
        Files.writeString(file, "module m #(N = 4) {\n}\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Elaborator.elaborate(file, null, Map.of("M", "3")));
        assertEquals("--param M=3: module m has no parameter M; its parameters: N", e.getMessage());
    }

    @Test
    void importNotFound() throws IOException {
        assertError(1, 1, "import not found: \"nope.bdn\"",
                "import \"nope.bdn\"", "module m {", "}");
    }

    @Test
    void errorsInAnImportedFileNameThatFile() throws IOException {
        Files.writeString(dir.resolve("lib.bdn"), "module sub {\n  out y : u4\n  5 -> q\n}\n");
        NetlistException e = error(Map.of(), "import \"lib.bdn\"", "module m {", "  inst s = sub", "}");
        assertTrue(e.getMessage().startsWith(dir.resolve("lib.bdn") + ":3:8: unknown name q"), e.getMessage());
    }

    @Test
    void missingClock() throws IOException {
        assertError(3, 3, "r (Register) is clocked but module m declares no clock",
                "module m {", "  in a : u8", "  inst r = Register(width = 8)", "  a -> r.d", "}");
    }

    @Test
    void recursionWithoutAnEnd() throws IOException {
        assertError(2, 3, "modules nest deeper than 64 levels",
                "module m {", "  inst again = m", "}");
    }

    @Test
    void recursionThatDoublesAtEveryLevelStopsBeforeTheHeapFills() throws IOException {
        assertError(4, 5, "netlist too large: more than 1000000 component and module instances",
                "module r #(D = 30 in 0..64) {", "  if D > 0 {", "    inst a = r(D = D - 1)", "    inst b = r(D = D - 1)", "  }", "}");
    }

    @Test
    void syntaxErrors() throws IOException {
        assertError(3, 5, "expected '->' and a target",
                "module m {", "  in a : u8", "  a y", "}");
        assertError(2, 10, "unknown type int; types are u8, s24, u{N} or a bundle",
                "module m {", "  in a : int", "}");
        assertError(2, 10, "expected a type like u8, s24, u{N} or a bundle name, found 'wire'",
                "module m {", "  in a : wire", "}");
        assertError(1, 10, "module m is never closed",
                "module m {", "  in a : u8");
        assertError(2, 11, "a sized literal is 1..64 bits wide",
                "module m {", "  let X = 65'd1", "}");
    }

    @Test
    void constantArithmeticErrors() throws IOException {
        assertError(2, 13, "division by zero", "module m {", "  let X = 4 / 0", "}");
        assertError(2, 31, "integer overflow", "module m {", "  let X = 9223372036854775807 + 1", "}");
        assertError(2, 10, "width must be 1..128, got 0", "module m #(N = 0) {", "  in a : u{N}", "}");
    }

    @Test
    void constantThatDoesNotFit() throws IOException {
        assertError(3, 3, "constant 300 does not fit in u8", "module m {", "  out y : u8", "  300 -> y", "}");
    }

    @Test
    void sliceOutsideTheSignal() throws IOException {
        assertError(4, 4, "bit slice [8:0] is outside u8", "module m {", "  in a : u8", "  out y : u9", "  a[8:0] -> y", "}");
    }

    @Test
    void duplicateDeclaration() throws IOException {
        assertError(3, 8, "a is already declared at", "module m {", "  in a : u8", "  wire a : u8", "}");
    }

    @Test
    void fileWithoutModules() throws IOException {
        assertError(1, 1, "no module to simulate", "// nothing here");
    }
}
