package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shipped files (datapaths, technology libraries, traces) are found from the project home, whatever the working directory. */
class WorkingDirectoryTest {
    private static String runIn(Path dir, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = CommandLineTest.sim(List.of(), args).directory(dir.toFile());
        pb.environment().put("BDSIM_HOME", Path.of("").toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", args) + ":\n" + out);
        return out;
    }

    @Test
    void commandsWithShippedDefaultsRunFromAnotherDirectory(@TempDir Path elsewhere) throws Exception {
        String gemm = runIn(elsewhere, "gemm", "--tokens", "1", "--param", "LANES=8", "--check");
        assertTrue(gemm.contains("outputs bit-exact with the functional GEMM") && gemm.contains("cost (45nm"), gemm);
        String golden = runIn(elsewhere, "golden", "verify", Path.of("traces/golden/int4.golden").toAbsolutePath().toString());
        assertTrue(golden.contains("1 golden files agree"), golden);
    }
}
