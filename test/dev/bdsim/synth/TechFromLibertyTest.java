package dev.bdsim.synth;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.liberty.CellLibrary;
import dev.bdsim.testutil.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped osu018 technology library is exactly what the generator computes from the Liberty, and follows its cells. */
class TechFromLibertyTest {
    static final Path OSU018 = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
    static final String SOURCE = OSU018.toString();

    /** Flow measurements that do not depend on Yosys, for the tests of the generator's own arithmetic. */
    /** Flow measurements: the multiplies on a power law of exponent 1.2 through 40 pJ at 16 x 16, the signed ones 1.25 times theirs. */
    static final java.util.Map<String, Double> FLOW = flow();

    private static java.util.Map<String, Double> flow() {
        java.util.Map<String, Double> f = new java.util.HashMap<>(java.util.Map.of(
                FlowCharacterization.REFERENCES.get(0).name(), 180.0, FlowCharacterization.REFERENCES.get(1).name(), 96.0,
                FlowCharacterization.REFERENCES.get(2).name(), 60.0, FlowCharacterization.REFERENCES.get(3).name(), 168.0,
                FlowCharacterization.REFERENCES.get(4).name(), 210.0, FlowCharacterization.REFERENCES.get(5).name(), 50.0,
                FlowCharacterization.REFERENCES.get(6).name(), 7200.0, FlowCharacterization.ENERGY.get(0).name(), 5.0));
        for (int n : FlowCharacterization.MULTIPLY_SIZES) {
            double pj = 40 * Math.pow(n * n / 256.0, 1.2);
            f.put(FlowCharacterization.multiplyName(n, false), pj);
            f.put(FlowCharacterization.multiplyName(n, true), 1.25 * pj);
        }
        return f;
    }

    @Test
    void theShippedLibraryIsRegeneratedByteForByte(@TempDir Path dir) throws Exception {
        RequiredTool.require(Files.isRegularFile(OSU018), OSU018 + " missing (Debian package qflow-tech-osu018)");
        YosysAreaTest.requireYosys();
        String generated = TechFromLiberty.tech(CellLibrary.read(OSU018), "osu018", SOURCE, FlowCharacterization.measure(OSU018, GateLevelEnergy.CELL_MODELS, dir),
                FlowCharacterization.yosysVersion());
        assertEquals(Files.readString(Path.of("rtl-models/tech/osu018.tech")), generated,
                "regenerate with ./sim liberty " + SOURCE + " --tech-out rtl-models/tech/osu018.tech");
        TechLibrary tech = TechLibrary.named("osu018");
        assertEquals(24, tech.geAreaUm2());
        assertEquals(4, tech.flipFlopGe(), 1e-9, "DFFPOSX1 96 um^2 / NAND2X1 24 um^2");
        assertTrue(tech.fullAdderGe() > 5, "ABC builds a full adder of gates, larger than the FAX1 cell: " + tech.fullAdderGe());
    }

    @Test
    void aCellChangedInTheLibertyChangesTheLibrary(@TempDir Path dir) throws Exception {
        RequiredTool.require(Files.isRegularFile(OSU018), OSU018 + " missing (Debian package qflow-tech-osu018)");
        String text = Files.readString(OSU018);
        int xor = text.indexOf("cell (XOR2X1) {");
        Path changed = Files.writeString(dir.resolve("changed.lib"), text.substring(0, xor) + text.substring(xor).replaceFirst("area : 56;", "area : 112;"));
        String original = TechFromLiberty.tech(CellLibrary.read(OSU018), "t", "t.lib", FLOW, "flow");
        String tech = TechFromLiberty.tech(CellLibrary.read(changed), "t", "t.lib", FLOW, "flow");
        assertTrue(original.contains("\nxor_ge = 2.33333\n") && tech.contains("\nxor_ge = 4.66667\n"), tech);
        assertTrue(original.contains("\nfull_adder_ge = 7.5\n"), "the flow's full adder, 180 / 24 um^2: " + original);
        assertTrue(original.contains("\nenabled_flip_flop_ge = 7\n"), "the flow's enabled flip-flop, 168 / 24 um^2: " + original);
        assertTrue(original.contains("\nmux_tree_ge = 2.08333\n") && original.contains("\nmux_tree_gate_ge = 1.00806\n"),
                "a rotate's node 50 / 24 um^2, and the shift's 7200 um^2 less its 129 such multiplexers over its 31 gates: " + original);
        assertTrue(original.contains("\nmultiplier_energy_exponent = 1.2\n") && original.contains("\nsigned_multiplier_energy_ratio = 1.25\n")
                && original.contains("\nmult32_pj = 211.121\n"), "the multiplies' power law fitted, 40 * 4^1.2 at 32 x 32: " + original);
    }
}
