package dev.bdsim.verilog;

import dev.bdsim.BadInputException;
import dev.bdsim.golden.Golden;
import dev.bdsim.golden.GoldenCase;
import dev.bdsim.golden.GoldenFile;
import dev.bdsim.netlist.Elaborator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported Verilog, run by Icarus Verilog on the Java run's input stream, gives the same
 * output stream cycle by cycle. Needs iverilog (Debian package iverilog): skipped without it,
 * except under {@code BDSIM_REQUIRE_TOOLS=1} (as in CI), where it fails.
 */
class CosimTest {
    private static void require(Cosim.Tool tool) {
        if (!tool.available()) {
            if ("1".equals(System.getenv("BDSIM_REQUIRE_TOOLS"))) {
                throw new AssertionError(tool.missing() + ", but BDSIM_REQUIRE_TOOLS=1");
            }
            Assumptions.abort(tool.missing() + "; co-simulation skipped");
        }
    }

    /** Every datapath netlist and both quantizer selectors, on slices of shipped real traces. */
    @Test
    void everyStandardCaseAgreesCycleByCycleWithIcarusVerilog(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        List<Path> files = Golden.files(Path.of("traces", "golden"));
        assertEquals(GoldenCase.standard().size(), files.size());
        for (Path file : files) {
            GoldenCase c = GoldenFile.read(file).goldenCase();
            Cosim.Result r = Cosim.run(c, Path.of(""), dir.resolve(c.name()), Cosim.Tool.ICARUS);
            assertTrue(r.agrees(), c.name() + ":\n" + String.join("\n", r.differences()));
            assertTrue(r.events() > 100 && r.cycles() >= 100, c.name() + ": a real stream was compared");
        }
    }

    /** Verilator on the DialectFP4 datapath and the two-stage quantizer (compiling every case would take minutes). */
    @Test
    void verilatorAgreesToo(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.VERILATOR);
        for (String name : List.of("dialectfp4", "quantizer-two-stage")) {
            GoldenCase c = GoldenFile.read(Path.of("traces/golden/" + name + ".golden")).goldenCase();
            Cosim.Result r = Cosim.run(c, Path.of(""), dir.resolve(name), Cosim.Tool.VERILATOR);
            assertTrue(r.agrees(), name + ":\n" + String.join("\n", r.differences()));
        }
    }

    /** A defect planted in the Verilog (one decoder entry) shows as a difference naming the cycle and the signal. */
    @Test
    void aPlantedDefectInTheVerilogIsFound(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        GoldenCase c = GoldenFile.read(Path.of("traces/golden/dialectfp4.golden")).goldenCase();
        Cosim.Result r = Cosim.run(c, Path.of(""), dir, Cosim.Tool.ICARUS, v -> v.replaceFirst(": m = 15;", ": m = 14;"));
        assertFalse(r.agrees());
        assertTrue(r.differences().get(0).matches("output stream: first difference in cycle \\d+, signal acc: .*"), r.differences().get(0));
    }

    @Test
    void exportWritesOneModulePerComponentAndNamesWhatItCannotExport(@TempDir Path dir) throws Exception {
        var n = Elaborator.elaborate(Path.of("rtl-models/examples/counter.bdn"), null, Map.of());
        VerilogExporter.Export e = VerilogExporter.export(n, dir);
        String v = Files.readString(e.file());
        assertTrue(v.contains("module counter__c (input clk, input rst, output [3:0] q, output [0:0] at_max, input [0:0] en);"), v);
        assertTrue(v.contains("module counter (input clk, input rst, input en, output [3:0] count, output wrap);"), v);
        assertTrue(v.contains("counter__c c (.clk(clk), .rst(rst)"), v);

        var fifo = Elaborator.elaborate(Path.of("rtl-models/examples/fifo.bdn"), null, Map.of());
        BadInputException err = assertThrows(BadInputException.class, () -> VerilogExporter.export(fifo, dir.resolve("fifo")));
        assertTrue(err.getMessage().contains("(Fifo") && err.getMessage().contains("no Verilog template for Fifo"), err.getMessage());
    }
}
