package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep run as shards (`--shard I/N`) and merged equals the sweep run whole, byte for byte; bad merges are refused by name. */
class ShardedSweepTest {
    @TempDir
    Path dir;

    static final String SPEC = """
            name: sharded
            traces:
              activations: traces/layer0.attn_in.npy
              tokens: 2
              weights: traces/layer1.ffn_in.npy
              weight_rows: 3
            grid:
              format: [dialectfp4, mxfp4, nvfp4, int8, fp16]
              lanes: [8, 16]
            """;

    private Path spec(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static void ok(CommandLineTest.Run r) {
        assertEquals(0, r.code(), r.err() + r.out());
    }

    @Test
    void shardsMergedGiveTheWholeSweepsFilesByteForByte() throws Exception {
        Path spec = spec("spec.yaml", SPEC);
        Path whole = dir.resolve("whole");
        ok(CommandLineTest.run("sweep", spec.toString(), "-o", whole.toString(), "-j", "2"));
        List<Path> shards = List.of(dir.resolve("s0"), dir.resolve("s1"), dir.resolve("s2"));
        for (int i = 0; i < 3; i++) {
            CommandLineTest.Run r = CommandLineTest.run("sweep", spec.toString(), "--shard", i + "/3", "-o", shards.get(i).toString(), "-j", "1");
            ok(r);
            assertTrue(r.out().contains("shard " + i + "/3"), r.out());
            assertTrue(!Files.exists(shards.get(i).resolve("report.html")), "a shard writes no report");
        }
        // a shard's points are every third point of the sweep, from its own
        List<String> lines = Files.readAllLines(shards.get(1).resolve("results.jsonl"));
        assertTrue(lines.get(1).startsWith("{\"point\":1,") && lines.get(2).startsWith("{\"point\":4,"), lines.toString());

        Path merged = dir.resolve("merged");
        CommandLineTest.Run m = CommandLineTest.run("sweep", "merge", shards.get(2).toString(), shards.get(0).toString(),
                shards.get(1).toString(), "-o", merged.toString());
        ok(m);
        assertTrue(m.out().contains("merged 3 shards, 10 points"), m.out());
        for (String file : List.of("results.jsonl", "results.csv", "report.html")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(merged.resolve(file)), file);
        }
        try (Stream<Path> charts = Files.list(whole.resolve("charts"))) {
            for (Path chart : charts.toList()) {
                assertArrayEquals(Files.readAllBytes(chart), Files.readAllBytes(merged.resolve("charts").resolve(chart.getFileName())),
                        chart.getFileName().toString());
            }
        }
    }

    @Test
    void mergingWhatDoesNotBelongTogetherIsRefusedNamingTheDifference() throws Exception {
        Path spec = spec("spec.yaml", SPEC.replace("lanes: [8, 16]", "lanes: [8]"));
        Path other = spec("other.yaml", SPEC.replace("lanes: [8, 16]", "lanes: [16]"));
        ok(CommandLineTest.run("sweep", spec.toString(), "--shard", "0/2", "-o", dir.resolve("a0").toString()));
        ok(CommandLineTest.run("sweep", spec.toString(), "--shard", "1/2", "-o", dir.resolve("a1").toString()));
        ok(CommandLineTest.run("sweep", other.toString(), "--shard", "1/2", "-o", dir.resolve("b1").toString()));
        ok(CommandLineTest.run("sweep", spec.toString(), "--shard", "1/3", "-o", dir.resolve("c1").toString()));

        CommandLineTest.Run r = CommandLineTest.run("sweep", "merge", dir.resolve("a0").toString(), dir.resolve("b1").toString(),
                "-o", dir.resolve("m1").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("are shards of different sweeps") && r.err().contains("other.yaml") && r.err().contains("spec.yaml"), r.err());

        r = CommandLineTest.run("sweep", "merge", dir.resolve("a0").toString(), dir.resolve("c1").toString(), "-o", dir.resolve("m2").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("split the sweep differently (shard 1/3 against 0/2)"), r.err());

        r = CommandLineTest.run("sweep", "merge", dir.resolve("a0").toString(), "-o", dir.resolve("m3").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("shard 1/2 is missing"), r.err());

        r = CommandLineTest.run("sweep", "merge", dir.resolve("a0").toString(), dir.resolve("a0").toString(), "-o", dir.resolve("m4").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("both hold shard 0/2"), r.err());

        // an unfinished shard: its last point's line cut off
        List<String> lines = Files.readAllLines(dir.resolve("a1").resolve("results.jsonl"));
        Files.write(dir.resolve("a1").resolve("results.jsonl"), lines.subList(0, lines.size() - 1));
        r = CommandLineTest.run("sweep", "merge", dir.resolve("a0").toString(), dir.resolve("a1").toString(), "-o", dir.resolve("m5").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds 1 of the 2 points of shard 1/2; finish it first"), r.err());
        assertTrue(!Files.exists(dir.resolve("m5").resolve("results.jsonl")), "nothing written");

        // the shard resumes, then the merge goes through
        ok(CommandLineTest.run("sweep", spec.toString(), "--shard", "1/2", "-o", dir.resolve("a1").toString()));
        ok(CommandLineTest.run("sweep", "merge", dir.resolve("a0").toString(), dir.resolve("a1").toString(), "-o", dir.resolve("m5").toString()));

        r = CommandLineTest.run("sweep", spec.toString(), "--shard", "2/2", "-o", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give I/N with 0 <= I < N"), r.err());
        r = CommandLineTest.run("sweep", spec.toString(), "--shard", "1/2", "-o", dir.resolve("a0").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds shard 0/2, not shard 1/2"), r.err());
        r = CommandLineTest.run("sweep", "merge", dir.resolve("m5").toString(), "-o", dir.resolve("m6").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds a whole sweep, not a shard"), r.err());
    }
}
