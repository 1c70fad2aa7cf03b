package dev.bdsim.liberty;

import dev.bdsim.BadInputException;
import dev.bdsim.testutil.RequiredTool;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Liberty reader on the syntax's corners, its errors, table lookup, and the OSU 0.18 um library as shipped by Debian. */
class LibertyTest {
    static final Path OSU018 = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");

    static final String SMALL = """
            /* a comment
               over lines */
            library (tiny) {
              capacitive_load_unit (1,pf);   // trailing comment
              leakage_power_unit : "1nW";
              nom_voltage : 1.5;
              power_lut_template (e2x2) {
                variable_1 : total_output_net_capacitance;
                variable_2 : input_transition_time;
                index_1 ("1, 2");
                index_2 ("1, 2");
              }
              cell (NAND2X1) {
                area : 24;
                cell_leakage_power : 0.04;
                pin (A) { direction : input; capacitance : 0.01; }
                pin (Y) {
                  direction : output;
                  function : "(!(A B))";
                  internal_power () {
                    related_pin : "A";
                    rise_power (e2x2) {
                      index_1 ("0.0, 1.0");
                      index_2 ("0.0, 2.0");
                      values ( \\
                        "1.0, 3.0", \\
                        "5.0, 7.0");
                    }
                  }
                }
              }
            }
            """;

    @Test
    void groupsSimpleAndComplexAttributesCommentsAndContinuations() {
        Liberty.Group lib = Liberty.parse("tiny.lib", SMALL);
        assertEquals("library", lib.type());
        assertEquals("tiny", lib.name());
        assertEquals(List.of("1", "pf"), lib.complex("capacitive_load_unit"));
        assertEquals("1nW", lib.attribute("leakage_power_unit"), "strings are read without their quotes");
        Liberty.Group cell = lib.groups("cell").get(0);
        assertEquals("NAND2X1", cell.name());
        assertEquals("24", cell.attribute("area"));
        Liberty.Group table = cell.groups("pin").get(1).groups("internal_power").get(0).groups("rise_power").get(0);
        assertEquals(List.of("1.0, 3.0", "5.0, 7.0"), table.complex("values"));
        assertEquals(22, table.line(), "lines count through comments");
    }

    @Test
    void tablesInterpolateBetweenTheirPointsAndEnergiesAddTheLoad() {
        CellLibrary lib = CellLibrary.of(Path.of("tiny.lib"), Liberty.parse("tiny.lib", SMALL));
        CellLibrary.Cell nand = lib.cell("NAND2X1");
        assertEquals(24, nand.area());
        assertEquals(0.01, nand.pin("A").capacitance());
        CellLibrary.Table t = nand.pin("Y").power().get(0).rise();
        assertEquals(1.0, t.at(Map.of("total_output_net_capacitance", 0.0, "input_transition_time", 0.0)), 1e-12);
        assertEquals(7.0, t.at(Map.of("total_output_net_capacitance", 1.0, "input_transition_time", 2.0)), 1e-12);
        assertEquals(4.0, t.at(Map.of("total_output_net_capacitance", 0.5, "input_transition_time", 1.0)), 1e-12, "bilinear");
        // only a rise table: its value, plus 1/2 C V^2 = 0.5 * 0.5 pF * 1.5^2
        assertEquals(4.0 + 0.5 * 0.5 * 2.25, lib.outputTransitionPj(nand, "Y", 0.5, 1.0), 1e-12);
    }

    @Test
    void syntaxAndUnitErrorsNameTheFileAndLine() {
        assertMessage("x.lib:2: expected ':' or '(' after area", "library (x) {\n  area 3;\n}\n");
        assertMessage("x.lib:1: unexpected '{' in the arguments of library", "library (x {\n");
        assertMessage("x.lib:1: the ( after library is never closed", "library (x");
        assertMessage("x.lib:3: expected an attribute or group name in library, found the end of the file", "library (x) {\n  a : 1;\n");
        assertMessage("x.lib:2: attribute area has no value", "library (x) {\n  area : ;\n}\n");
        assertMessage("x.lib:3: text after the closing '}'", "library (x) {\n}\nextra\n");
        BadInputException units = assertThrows(BadInputException.class, () -> CellLibrary.of(Path.of("x.lib"),
                Liberty.parse("x.lib", "library (x) {\n  capacitive_load_unit (1,ff);\n}\n")));
        assertTrue(units.getMessage().contains("capacitive_load_unit must be (1,pf)"), units.getMessage());
    }

    private static void assertMessage(String expected, String text) {
        BadInputException e = assertThrows(BadInputException.class, () -> Liberty.parse("x.lib", text));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void theOsu018CellsAsTheirLibertyGivesThem() {
        RequiredTool.require(Files.isRegularFile(OSU018), OSU018 + " missing (Debian package qflow-tech-osu018)");
        CellLibrary lib = CellLibrary.read(OSU018);
        assertEquals("osu018_stdcells", lib.name());
        assertEquals(1.8, lib.voltage());
        assertEquals(32, lib.cells().size());
        assertEquals(24, lib.cell("NAND2X1").area());
        assertEquals(120, lib.cell("FAX1").area());
        assertEquals(96, lib.cell("DFFPOSX1").area());
        assertEquals(0.0279235, lib.cell("DFFPOSX1").pin("CLK").capacitance());
        assertTrue(lib.cell("DFFPOSX1").pin("CLK").clock());
        assertEquals(List.of("YC", "YS"), lib.cell("FAX1").outputs().stream().map(CellLibrary.Pin::name).sorted().toList());
    }
}
