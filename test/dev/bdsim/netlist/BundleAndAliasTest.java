package dev.bdsim.netlist;

import dev.bdsim.BadInputException;
import dev.bdsim.kernel.Component;
import dev.bdsim.testutil.InlineNetlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bundles (fields packed into one word, first field highest) and module aliases: behaviour, layout and every error. */
class BundleAndAliasTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private void assertError(int line, int col, String fragment, String... lines) throws IOException {
        Path file = write("t.bdn", lines);
        NetlistException e = assertThrows(NetlistException.class, () -> Elaborator.elaborate(file, null, Map.of()));
        assertTrue(e.detail().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        assertEquals(line + ":" + col, e.pos().line() + ":" + e.pos().col(), e.getMessage());
    }

    private static final String CTL = "bundle Ctl { valid, first, last : u1 }";

    @Test
    void fieldsPackFirstFieldHighestAndReadBack() throws IOException {
        Testbench tb = InlineNetlist.testbench(dir,
                CTL,
                "module m {",
                "  in  v, f, l : u1",
                "  in  x : s4",
                "  bundle Word { ctl : Ctl; value : s4 }",
                "  out packed : u7",
                "  out valid, last : u1",
                "  out value : s4",
                "  out ctl : Ctl",
                "  wire w : Word",
                "  Word(Ctl(v, f, l), x) -> w",
                "  bits(w) -> packed",
                "  w.ctl.valid -> valid",
                "  w.ctl.last -> last",
                "  w.value -> value",
                "  w.ctl -> ctl",
                "}");
        tb.set("v", 1).set("f", 0).set("l", 1).set("x", -3);
        assertEquals(0b101_1101, tb.get("packed"), "valid first last, then the 4-bit value");
        assertEquals(1, tb.get("valid"));
        assertEquals(1, tb.get("last"));
        assertEquals(-3, tb.get("value"), "a signed field reads signed");
        assertEquals(0b101, tb.get("ctl"), "a top-level bundle port is its packed word");
        tb.set("v", 0).set("x", 7);
        assertEquals(0b001_0111, tb.get("packed"));
        assertEquals(0, tb.get("valid"));
        assertEquals(7, tb.get("value"));
    }

    @Test
    void bundlesTravelThroughRegistersAsBitsAndAcrossModulePorts() throws IOException {
        Testbench tb = InlineNetlist.testbench(dir,
                CTL,
                "module stage {",
                "  clock clk",
                "  in  c : Ctl",
                "  out q : Ctl",
                "  inst r = Register(width = width(c))",
                "  bits(c) -> r.d",
                "  Ctl(r.q) -> q",
                "}",
                "module top {",
                "  clock clk",
                "  in  v, f, l : u1",
                "  out last : u1",
                "  inst a = stage()",
                "  inst b = stage()",
                "  Ctl(v, f, 1'b1) -> a.c",
                "  a.q -> b.c",
                "  b.q.last & b.q.valid -> last",
                "}");
        tb.set("v", 1).set("f", 0).set("l", 0);
        assertEquals(0, tb.get("last"));
        tb.step();
        assertEquals(0, tb.get("last"), "two register stages");
        tb.step();
        assertEquals(1, tb.get("last"));
    }

    @Test
    void bundleSignalsTakeLanesAndFieldsReadEveryLane() throws IOException {
        Testbench tb = InlineNetlist.testbench(dir,
                "bundle E { sign : u1; mag : u3 }",
                "module m {",
                "  in  x : u4[4]",
                "  out mag : u3[4]",
                "  out sign1 : u1",
                "  wire e : E[4]",
                "  E(x) -> e",
                "  e.mag -> mag",
                "  e[1].sign -> sign1",
                "}");
        for (int lane = 0; lane < 4; lane++) {
            tb.set("x", lane, 0b1000 * (lane % 2) + lane + 1);
        }
        for (int lane = 0; lane < 4; lane++) {
            assertEquals(lane + 1, tb.get("mag", lane));
        }
        assertEquals(1, tb.get("sign1"));
    }

    @Test
    void aModuleBundleUsesTheModulesParameters() throws IOException {
        Testbench tb = InlineNetlist.testbench(dir,
                "module m #(N = 6) {",
                "  in  x : u{N + 1}",
                "  out low : u{N}",
                "  bundle B { top : u1; rest : u{N} }",
                "  wire b : B",
                "  B(x) -> b",
                "  b.rest -> low",
                "}");
        tb.set("x", 0b1_101010);
        assertEquals(0b101010, tb.get("low"));
    }

    @Test
    void fieldReadsAreOneSliceNotOnePerLevel() throws IOException {
        Path file = write("t.bdn",
                CTL,
                "module m {",
                "  bundle W { ctl : Ctl; n : u4 }",
                "  in  w : W",
                "  out y : u1",
                "  w.ctl.first -> y",
                "}");
        List<Component> all = Elaborator.elaborate(file, null, Map.of()).circuit().components();
        assertEquals(1, all.size(), "w.ctl.first is bit 5 of w: " + all);
    }

    @Test
    void anAliasFixesParametersAndKeepsTheRestOpen() throws IOException {
        Path file = write("t.bdn",
                "module add #(W = 4, K = 1) {",
                "  in  x : u{W}",
                "  out y : u{W + 1}",
                "  x + K -> y",
                "}",
                "module add3 #(BASE = 2) = add(K = BASE + 1)");
        Netlist netlist = Elaborator.elaborate(file, null, Map.of("W", "8"));
        assertEquals("add3", netlist.top());
        assertEquals(Map.of("BASE", 2L, "W", 8L), netlist.parameters());
        assertEquals(List.of("BASE", "W"), Elaborator.parameterNames(file, null));
        Testbench tb = new Testbench(netlist);
        tb.set("x", 200);
        assertEquals(203, tb.get("y"));
        assertTrue(netlist.circuit().components().stream().allMatch(c -> !c.name().contains(".")),
                "no wrapper level in instance names: " + netlist.circuit().components());
        BadInputException fixed = assertThrows(BadInputException.class, () -> Elaborator.elaborate(file, null, Map.of("K", "5")));
        assertTrue(fixed.getMessage().contains("module add3 has no parameter K; its parameters: BASE, W"), fixed.getMessage());
    }

    @Test
    void shippedAliasesElaborateWithTheirOwnDefaults() {
        Netlist nv = Elaborator.elaborate(Path.of("rtl-models", "datapaths", "nvfp4.bdn"), null, Map.of());
        assertEquals("nvfp4_mac", nv.top());
        assertEquals(16L, nv.parameters().get("LANES"));
        assertEquals(List.of("LANES", "BLOCK", "DEPTH", "ACC", "ACC_WIDTH", "W_WORDS", "W_BANKS"), List.copyOf(nv.parameters().keySet()));
    }

    @Test
    void unknownField() throws IOException {
        assertError(5, 4, "bundle Ctl has no field lst; its fields: valid, first, last",
                CTL, "module m {", "  in c : Ctl", "  out y : u1", "  c.lst -> y", "}");
    }

    @Test
    void bundleToPlainNeedsBits() throws IOException {
        assertError(5, 3, "source is bundle Ctl, target y is u3 (use bits(x) for its bits)",
                CTL, "module m {", "  in c : Ctl", "  out y : u3", "  c -> y", "}");
    }

    @Test
    void plainToBundleNeedsTheConversion() throws IOException {
        assertError(5, 3, "source is u3, target y is bundle Ctl (convert bits with Ctl(x))",
                CTL, "module m {", "  in c : u3", "  out y : Ctl", "  c -> y", "}");
    }

    @Test
    void twoBundlesOfOneWidthDoNotMix() throws IOException {
        assertError(6, 3, "source is bundle Other, target y is bundle Ctl",
                CTL, "bundle Other { a, b, c : u1 }", "module m {", "  in c : Other", "  out y : Ctl", "  c -> y", "}");
    }

    @Test
    void aFieldIsNotDrivenAlone() throws IOException {
        assertError(5, 9, "cannot drive field valid of y alone; drive the whole bundle Ctl: Ctl(valid, first, last) -> y",
                CTL, "module m {", "  in v : u1", "  out y : Ctl", "  v -> y.valid", "}");
    }

    @Test
    void aBundleTakesNoBareInteger() throws IOException {
        assertError(5, 3, "y is a bundle Ctl; give it a value with Ctl(...)",
                CTL, "module m {", "  in v : u1", "  out y : Ctl", "  0 -> y", "}");
    }

    @Test
    void bitsOfABundleAreNotIndexed() throws IOException {
        assertError(5, 4, "a bit index does not apply to a bundle Ctl; read one of its fields",
                CTL, "module m {", "  in c : Ctl", "  out y : u1", "  c[2] -> y", "}");
    }

    @Test
    void operatorsTakeFieldsNotBundles() throws IOException {
        assertError(5, 3, "operator & does not apply to a bundle Ctl",
                CTL, "module m {", "  in c : Ctl", "  out y : u3", "  c & 3'd1 -> y", "}");
    }

    @Test
    void constructorArityAndFieldTypes() throws IOException {
        assertError(5, 3, "bundle Ctl has 3 fields (valid, first, last), got 2 values",
                CTL, "module m {", "  in a : u1", "  out y : Ctl", "  Ctl(a, a) -> y", "}");
        assertError(5, 13, "field last of bundle Ctl is u1, got u2",
                CTL, "module m {", "  in a : u1; in b : u2", "  out y : Ctl", "  Ctl(a, a, b) -> y", "}");
        assertError(5, 3, "bundle Ctl is 7 bits (valid, first, last, n), got u4",
                "bundle Ctl { valid, first, last : u1; n : u4 }", "module m {", "  in a : u4", "  out y : Ctl", "  Ctl(a) -> y", "}");
    }

    @Test
    void bitsTakesABundle() throws IOException {
        assertError(4, 3, "bits(x) takes a bundle signal, got u3",
                "module m {", "  in a : u3", "  out y : u3", "  bits(a) -> y", "}");
    }

    @Test
    void declarationErrors() throws IOException {
        assertError(3, 10, "unknown type Clt; types are u8, s24, u{N} or a bundle",
                CTL, "module m {", "  in c : Clt", "}");
        assertError(1, 21, "bundle Ctl already has a field valid",
                "bundle Ctl { valid, valid : u1 }", "module m {", "  in c : Ctl", "}");
        assertError(1, 25, "a bundle field has no lanes",
                "bundle Ctl { valid : u1[4] }", "module m {", "  in c : Ctl", "}");
        assertError(1, 1, "bundle A contains itself",
                "bundle A { x : B }", "bundle B { y : A }", "module m {", "  in c : A", "}");
        assertError(2, 1, "bundle Ctl is already declared at",
                CTL, "bundle Ctl { x : u1 }", "module m {", "}");
        assertError(2, 3, "min is a built-in function",
                "module m {", "  bundle min { x : u1 }", "}");
        assertError(3, 3, "bundle Ctl is already declared at",
                CTL, "module m {", "  bundle Ctl { x : u1 }", "}");
        assertError(1, 10, "bundle E has no fields",
                "bundle E { }", "module m {", "}");
        assertError(1, 22, "bundle W is more than 128 bits wide",
                "bundle W { a : u100; b : u29 }", "module m {", "  in c : W", "}");
    }

    @Test
    void aliasErrors() throws IOException {
        assertError(2, 1, "module b is defined through itself (b = a = b)",
                "module a = b()", "module b = a()");
        assertError(1, 12, "unknown module Register (an alias names a module, not a component)",
                "module a = Register(width = 3)");
        assertError(3, 14, "module m has no parameter Q",
                "module m #(P = 1) {", "}", "module a = m(Q = 1)");
        assertError(1, 12, "parameter P belongs to both a and m; pass it on in the alias: P = P",
                "module m #(P = 1) {", "}", "module a #(P = 2) = m()");
    }
}
