package dev.bdsim.hdl;

import dev.bdsim.io.Processes;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.netlist.Stimulus;
import dev.bdsim.testutil.RequiredTool;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixed-point accumulator's Verilog against the Java model, cycle by cycle, on random block sums and exponents that
 * shift them far left (saturating or wrapping) and far right (to their sign), with several terms per edge and clears.
 */
class FixedAccumulatorVerilogTest {
    @ParameterizedTest
    @CsvSource({"fixed:16:4, 1", "fixed:16:4:wrap, 1", "fixed:24:8, 2", "fixed:12:0:wrap, 3"})
    void verilogAgreesWithJava(String acc, int terms, @TempDir Path dir) throws Exception {
        RequiredTool.require(Processes.onPath("iverilog") && Processes.onPath("vvp"), "iverilog missing (Debian package iverilog)");
        Path file = dir.resolve("acc.bdn");
        Files.writeString(file, String.join("\n", "module accu {", "  clock clk", "  reset rst", "  in p : s12[" + terms + "]",
                "  in e : s8[" + terms + "]", "  in v, c : u1", "  out acc : s" + acc.split(":")[1],
                "  inst a = Accumulator(acc = \"" + acc + "\", p_bits = 12, exp_bits = 8, terms = " + terms + ")",
                "  p -> a.p", "  e -> a.exponent", "  v -> a.valid", "  c -> a.clear", "  a.acc -> acc", "}", ""));
        SplittableRandom rnd = new SplittableRandom(5);
        StringBuilder stim = new StringBuilder();
        StringBuilder header = new StringBuilder();
        for (int t = 0; t < terms; t++) {
            header.append("p[").append(t).append("] e[").append(t).append("] ");
        }
        stim.append(header).append("v c\n");
        int cycles = 3000;
        for (int i = 0; i < cycles; i++) {
            for (int t = 0; t < terms; t++) {
                stim.append(String.format("0x%03x 0x%02x ", rnd.nextInt(1 << 12), rnd.nextInt(-40, 40) & 0xff));
            }
            stim.append(rnd.nextInt(10) < 8 ? 1 : 0).append(' ').append(rnd.nextInt(50) == 0 ? 1 : 0).append('\n');
        }
        Path stimulus = dir.resolve("acc.stim");
        Files.writeString(stimulus, stim);
        Netlist n = Elaborator.elaborate(file, null, Map.of());
        VerilogExporter.Export e = VerilogExporter.export(n, dir);
        Testbench.selfChecking(Elaborator.elaborate(file, null, Map.of()), e.top(), Stimulus.load(stimulus, n), cycles, dir);
        Processes.exec(dir, List.of("iverilog", "-g2005", "-o", "tb.vvp", Testbench.TESTBENCH, e.file().getFileName().toString()));
        String out = Processes.exec(dir, List.of("vvp", "-n", "tb.vvp"));
        assertTrue(out.contains("PASS"), acc + ", " + terms + " terms:\n" + out.lines().limit(10).reduce("", (a, b) -> a + b + "\n"));
    }
}
