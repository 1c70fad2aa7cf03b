package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep whose writes the operating system refuses part way: the kernel's file-size limit
 * ({@code ulimit -f}, with SIGXFSZ ignored so a write past it fails with EFBIG as one past a full
 * disk fails with ENOSPC). Cut off before the header, after a few points, and while writing the
 * charts, the run ends with one line naming the file and exit 2; the same command without the limit
 * resumes and ends with files byte-identical to an uninterrupted run.
 */
class FullDiskTest {
    @Test
    void aRunCutOffByTheOperatingSystemSaysWhichFileAndResumesToIdenticalResults(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, ConcurrentSweepTest.SPEC);
        Path whole = dir.resolve("whole");
        CommandLineTest.Run reference = CommandLineTest.run("sweep", spec.toString(), "-o", whole.toString());
        assertEquals(0, reference.code(), reference.err());

        // 0 KiB: nothing written, not even the header; 6 KiB: the header and a few points; 40 KiB: every point, then a chart
        int[] limits = {0, 6, 40};
        String[] cutIn = {"results.jsonl", "results.jsonl", "charts" + java.io.File.separator};
        for (int k = 0; k < limits.length; k++) {
            int kib = limits[k];
            Path out = dir.resolve("limit" + kib);
            List<String> command = new ArrayList<>(List.of("bash", "-c", "trap '' XFSZ; ulimit -f " + kib + "; exec \"$@\"", "bash"));
            command.addAll(CommandLineTest.sim(List.of("-XX:-UsePerfData"), "sweep", spec.toString(), "-o", out.toString(), "-j", "1").command());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            String error = log.lines().filter(l -> l.startsWith("sim: error:")).findFirst().orElse("");
            assertEquals(2, p.exitValue(), kib + " KiB: " + log);
            assertTrue(error.startsWith("sim: error: cannot write " + out.resolve(cutIn[k])), kib + " KiB: the file is named: " + log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), log);

            CommandLineTest.Run resumed = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString());
            assertEquals(0, resumed.code(), kib + " KiB: " + resumed.err());
            for (String file : List.of("results.jsonl", "results.csv", "report.html", "charts/energy_by_format.svg")) {
                assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(out.resolve(file)),
                        kib + " KiB: " + file + " after the resume");
            }
        }
    }
}
