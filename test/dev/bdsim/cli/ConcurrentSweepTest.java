package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two sweeps into one results directory: the second is refused while the first writes, and every point is there once. */
class ConcurrentSweepTest {
    static final String SPEC = """
            name: busy
            traces:
              activations: traces/layer0.attn_in.npy
              tokens: 16
              weights: traces/layer1.ffn_in.npy
              weight_rows: 32
            grid:
              format: [int4, mxfp4, int8, fp16]
              lanes: [1, 2, 4]
            """;

    @Test
    void aSecondRunIntoTheSameDirectoryIsRefusedWhileTheFirstWrites(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, SPEC);
        Path out = dir.resolve("out");
        Process first = CommandLineTest.sim(List.of(), "sweep", spec.toString(), "-o", out.toString(), "-j", "1").start();
        Path results = out.resolve("results.jsonl");
        for (int i = 0; i < 600 && !(Files.exists(results) && Files.size(results) > 0); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(results), "the first run started writing");
        CommandLineTest.Run second = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString());
        String firstOut = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(first.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, first.exitValue(), firstOut);
        assertEquals(2, second.code(), second.out() + second.err());
        assertTrue(second.err().contains(out + " is being written by another sweep"), second.err());
        CommandLineTest.assertNoStackTrace(second);

        List<String> lines = Files.readAllLines(results);
        assertEquals(1 + 12, lines.size(), "the header and each of the 12 points once");
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"point\":" + (i - 1) + ","), lines.get(i));
        }
        CommandLineTest.Run again = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString());
        assertEquals(0, again.code(), "the lock is released when a run ends: " + again.err());
    }

    @Test
    void killedWithSigkillAtRandomPointsAndResumedTheResultsAreByteIdentical(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, SPEC);
        CommandLineTest.Run whole = CommandLineTest.run("sweep", spec.toString(), "-o", dir.resolve("whole").toString());
        assertEquals(0, whole.code(), whole.err());
        byte[] reference = Files.readAllBytes(dir.resolve("whole").resolve("results.jsonl"));
        byte[] referenceCsv = Files.readAllBytes(dir.resolve("whole").resolve("results.csv"));

        Path out = dir.resolve("killed");
        java.util.Random rnd = new java.util.Random(42);
        for (int kill = 0; kill < 3; kill++) {
            Process p = CommandLineTest.sim(List.of(), "sweep", spec.toString(), "-o", out.toString(), "-j", "2")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(800 + rnd.nextInt(2500));
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            p.waitFor(1, TimeUnit.MINUTES);
        }
        CommandLineTest.Run rest = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString());
        assertEquals(0, rest.code(), rest.err());
        assertArrayEquals(reference, Files.readAllBytes(out.resolve("results.jsonl")));
        assertArrayEquals(referenceCsv, Files.readAllBytes(out.resolve("results.csv")));
    }
}
