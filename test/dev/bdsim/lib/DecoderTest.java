package dev.bdsim.lib;

import dev.bdsim.format.ElementGrid;
import dev.bdsim.format.Formatbook;
import dev.bdsim.netlist.NetlistException;
import dev.bdsim.netlist.Testbench;
import dev.bdsim.testutil.InlineNetlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The format decoders, instantiated from netlists, agree with the functional formats on every code. */
class DecoderTest {
    @TempDir
    Path dir;

    private Testbench bench(String... lines) throws IOException {
        return InlineNetlist.testbench(dir, lines);
    }

    @Test
    void elementDecodersMatchTheGridsOnEveryCode() throws IOException {
        Map<String, ElementGrid> grids = Map.of("E2M1", ElementGrid.E2M1, "E2M3", ElementGrid.E2M3, "E3M2", ElementGrid.E3M2,
                "E4M3", ElementGrid.E4M3, "E5M2", ElementGrid.E5M2, "INT4", ElementGrid.integer("INT4", 4, 0),
                "INT8", ElementGrid.integer("INT8", 8, 0));
        for (Map.Entry<String, ElementGrid> e : grids.entrySet()) {
            ElementGrid grid = e.getValue();
            String type = ElementDecoder.valueType(grid).toString();
            Testbench tb = bench("module d {",
                    "  in  code : u" + grid.bits(),
                    "  out value : " + type,
                    "  out invalid : u1",
                    "  inst dec = ElementDecoder(format = \"" + e.getKey() + "\")",
                    "  code -> dec.code; dec.value -> value; dec.invalid -> invalid",
                    "}");
            int finiteMagnitudes = grid.maxIndex() + 1;
            for (int code = 0; code < 1 << grid.bits(); code++) {
                tb.set("code", code);
                boolean nonFinite = !grid.twosComplement() && (code & ((1 << (grid.bits() - 1)) - 1)) >= finiteMagnitudes;
                assertEquals(nonFinite ? 1 : 0, tb.get("invalid"), e.getKey() + " code " + code);
                if (!nonFinite) {
                    assertEquals(grid.signedUnits(code), tb.get("value"), e.getKey() + " code " + code);
                    assertEquals(grid.decode(code), Math.scalb((double) tb.get("value"), grid.unitExponent()), e.getKey() + " code " + code);
                }
            }
        }
    }

    @Test
    void nonFiniteCodesAreFlagged() throws IOException {
        Testbench tb = bench("module d {", "  in code : u8", "  out value : s19", "  out invalid : u1",
                "  inst dec = ElementDecoder(format = \"E4M3\")", "  code -> dec.code; dec.value -> value; dec.invalid -> invalid", "}");
        tb.set("code", 0x7F);
        assertEquals(1, tb.get("invalid"), "S.1111.111 is NaN in E4M3");
        assertEquals(0, tb.get("value"));
        tb.set("code", 0x7E);
        assertEquals(0, tb.get("invalid"));
        assertEquals(448 * 512, tb.get("value"), "448 in units of 2^-9");
    }

    @Test
    void dialectDecoderMatchesTheFormatbookOnEveryDialectAndCode() throws IOException {
        Formatbook book = Formatbook.standard();
        Testbench tb = bench("module d {",
                "  in  code : u4[8]",
                "  in  dialect : u" + book.dialectBits(),
                "  out magnitude : u4[8]",
                "  out sign : u1[8]",
                "  inst dec = DialectDecoder(lanes = 8)",
                "  code -> dec.code; dialect -> dec.dialect; dec.magnitude -> magnitude; dec.sign -> sign",
                "}");
        for (int d = 0; d < book.dialects(); d++) {
            tb.set("dialect", d);
            for (int half = 0; half < 2; half++) {
                for (int lane = 0; lane < 8; lane++) {
                    tb.set("code", lane, half * 8 + lane);
                }
                for (int lane = 0; lane < 8; lane++) {
                    assertEquals(book.halfUnits(d, lane), tb.get("magnitude", lane), "dialect " + d + " index " + lane);
                    assertEquals(half, tb.get("sign", lane));
                }
            }
        }
        assertEquals(8L * 2 * book.dialects(), tb.activity("dec").action("decode"), "8 lanes decoded once per settled change");
    }

    @Test
    void aFormatbookFromDataChangesTheDecoder() throws IOException {
        Formatbook book = Formatbook.standard();
        String text = Files.readString(Path.of("rtl-models", "formatbooks", "dialectfp4.fbk"));
        Files.writeString(dir.resolve("book.fbk"), text);
        Testbench tb = bench("module d {", "  in code : u4", "  in dialect : u" + book.dialectBits(), "  out magnitude : u4",
                "  inst dec = DialectDecoder(formatbook = \"book.fbk\")",
                "  code -> dec.code; dialect -> dec.dialect; dec.magnitude -> magnitude", "}");
        tb.set("dialect", 0).set("code", 7);
        assertEquals(book.halfUnits(0, 7), tb.get("magnitude"));

        NetlistException e = assertThrows(NetlistException.class, () -> bench("module d {", "  in code : u4", "  in dialect : u4",
                "  out magnitude : u4", "  inst dec = DialectDecoder(formatbook = \"missing.fbk\")",
                "  code -> dec.code; dialect -> dec.dialect; dec.magnitude -> magnitude", "}"));
        assertTrue(e.getMessage().contains(":5:3: ") && e.getMessage().contains("missing.fbk"), e.getMessage());
    }
}
