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

    @Test
    void theShippedLibraryIsRegeneratedByteForByte() throws Exception {
        RequiredTool.require(Files.isRegularFile(OSU018), OSU018 + " missing (Debian package qflow-tech-osu018)");
        String generated = TechFromLiberty.tech(CellLibrary.read(OSU018), "osu018", SOURCE);
        assertEquals(Files.readString(Path.of("rtl-models/tech/osu018.tech")), generated,
                "regenerate with ./sim liberty " + SOURCE + " --tech-out rtl-models/tech/osu018.tech");
        TechLibrary tech = TechLibrary.named("osu018");
        assertEquals(24, tech.geAreaUm2());
        assertEquals(5, tech.fullAdderGe(), 1e-9, "FAX1 120 um^2 / NAND2X1 24 um^2");
    }

    @Test
    void aCellChangedInTheLibertyChangesTheLibrary(@TempDir Path dir) throws Exception {
        RequiredTool.require(Files.isRegularFile(OSU018), OSU018 + " missing (Debian package qflow-tech-osu018)");
        String text = Files.readString(OSU018);
        int fa = text.indexOf("cell (FAX1) {");
        String bigger = text.substring(0, fa) + text.substring(fa).replaceFirst("area : 120;", "area : 240;");
        Path changed = Files.writeString(dir.resolve("changed.lib"), bigger);
        String tech = TechFromLiberty.tech(CellLibrary.read(changed), "changed", "changed.lib");
        assertTrue(tech.contains("\nfull_adder_ge = 10\n"), tech);
        assertTrue(!tech.equals(TechFromLiberty.tech(CellLibrary.read(OSU018), "changed", "changed.lib")));
    }
}
