package dev.bdsim.cosim;

import dev.bdsim.ProjectHome;
import dev.bdsim.testutil.RequiredTool;
import dev.bdsim.verilog.Testbench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speed anchor's C++ harness drives the Verilated 32-lane DialectFP4 datapath with the Java run's input stream and
 * hashes every output in every cycle as the Java recorder does: the hashes agree, a changed input in one cycle changes
 * Verilator's, and a model that cannot find its memories' contents is an error, not a silent run.
 */
class SpeedAnchorTest {
    @Test
    void javaAndTheVerilatedModelComputeTheSameOutputs(@TempDir Path dir) throws Exception {
        RequiredTool.require(Cosim.Tool.VERILATOR.available(), Cosim.Tool.VERILATOR.missing());
        SpeedAnchor.Result r = SpeedAnchor.run(ProjectHome.dir(), dir, "traces/layer0.attn_in.npy", 2,
                "minilm:layer.0.attention.self.query", 8);
        assertEquals(2 * 8 * 384, r.macs());
        assertEquals(SpeedAnchor.ENGINES.size(), r.java().size());
        for (SpeedAnchor.JavaRun run : r.java()) {
            assertEquals(r.verilatorHash(), run.hash(), run.engine() + " and Verilator outputs");
        }

        VerilatorHarness harness = VerilatorHarness.existing(dir);
        Path stimulus = dir.resolve(Testbench.STIMULUS);
        VerilatorHarness.Run again = harness.run(stimulus);
        assertEquals(r.verilatorHash(), again.hash());
        assertEquals(r.cycles(), again.cycles());

        // eight activation codes (lanes 0-7, above the 16 bits of w_addr and x_meta) changed in one cycle the datapath uses:
        // the outputs, and so the hash, differ
        List<String> lines = new ArrayList<>(Files.readAllLines(stimulus));
        int cycle = lines.size() / 2;
        String line = lines.get(cycle);
        String codes = line.substring(line.length() - 12, line.length() - 4);
        lines.set(cycle, line.substring(0, line.length() - 12) + (codes.equals("77777777") ? "11111111" : "77777777")
                + line.substring(line.length() - 4));
        Path changed = Files.write(dir.resolve("changed.hex"), lines);
        assertNotEquals(r.verilatorHash(), harness.run(changed).hash());

        try (var files = Files.list(dir)) {
            for (Path hex : files.filter(p -> p.getFileName().toString().endsWith("w_codes.hex")).toList()) {
                Files.delete(hex);
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> harness.run(stimulus));
        assertTrue(e.getMessage().contains("$readmem file not found"), e.getMessage());
    }
}
