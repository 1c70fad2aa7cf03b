package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep command end to end: accumulators per format, and overflows shown wherever results are read. */
class SweepCommandTest {
    @TempDir
    Path dir;

    static final String SPEC = """
            name: overflow
            traces:
              activations: traces/layer0.attn_in.npy
              tokens: 2
              weights: traces/layer1.ffn_in.npy
              weight_rows: 3
            grid:
              format: [nvfp4, int4]
              lanes: [8]
              acc: {nvfp4: "fixed:24:8", default: [fp32, "fixed:32:16"]}
            """;

    @Test
    void anOverflowingAccumulatorIsCountedAndFlaggedInEveryResultFile() throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, SPEC);
        Path out = dir.resolve("out");
        CommandLineTest.Run r = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString(), "-j", "2");
        assertEquals(0, r.code(), r.err());

        List<String> jsonl = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(4, jsonl.size(), "header and three points: nvfp4 with its one accumulator, int4 with the default two");
        assertTrue(jsonl.get(1).contains("\"acc\":\"fixed:24:8\"") && jsonl.get(1).matches(".*\"accumulator_overflows\":[1-9].*"),
                jsonl.get(1));
        assertTrue(jsonl.get(2).contains("\"acc\":\"fp32\"") && jsonl.get(2).contains("\"accumulator_overflows\":0"), jsonl.get(2));
        assertTrue(jsonl.get(3).contains("\"acc\":\"fixed:32:16\"") && jsonl.get(3).contains("\"accumulator_overflows\":0"), jsonl.get(3));

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        int column = List.of(csv.get(0).split(",")).indexOf("accumulator_overflows");
        assertTrue(column > 0, csv.get(0));
        assertTrue(Long.parseLong(csv.get(1).split(",")[column]) > 0, csv.get(1));
        assertEquals("0", csv.get(2).split(",")[column]);

        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<th>accumulator overflows</th>"), "column in the report");
        assertTrue(report.contains("<td class=\"overflow\""), "the overflowing point is flagged in the report");
        assertTrue(report.contains("1 point overflowed the fixed-point accumulator"), "and summarised");

        assertTrue(r.out().contains("overflows") && r.out().contains("!"), r.out());
        assertTrue(r.out().contains("WARNING: 1 point overflowed the fixed-point accumulator"), r.out());
    }

    /** A finished sweep run again with another chart style redraws its charts for a paper; an unknown style is refused with the choices. */
    @Test
    void chartStyleRedrawsAFinishedSweepAndTheReportListsEveryCombinationLeftOut() throws Exception {
        Path spec = dir.resolve("style.yaml");
        Files.writeString(spec, String.join("\n", "name: style", "traces:", "  activations: traces/layer0.attn_in.npy", "  tokens: 2",
                "  weights: traces/layer1.ffn_in.npy", "  weight_rows: 4", "grid:", "  format: [nvfp4, int8]", "  lanes: [8, 32, 64]", ""));
        Path out = dir.resolve("style");
        CommandLineTest.Run first = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString());
        assertEquals(0, first.code(), first.err());
        String results = Files.readString(out.resolve("results.jsonl"));
        assertEquals(900, javax.imageio.ImageIO.read(out.resolve("charts/energy_by_format.png").toFile()).getWidth());
        String report = Files.readString(out.resolve("report.html"));
        for (String left : List.of("nvfp4@16 L32 D1 fp32 45nm 500MHz", "nvfp4@16 L64 D1 fp32 45nm 500MHz", "int8@32 L64 D1 fp32 45nm 500MHz")) {
            assertTrue(report.contains("<li>" + left + ": LANES = "), "left out and why: " + left);
        }

        CommandLineTest.Run again = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString(), "--chart-style", "page");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("resumed: 3 points"), again.out());
        assertEquals(results, Files.readString(out.resolve("results.jsonl")), "results untouched");
        assertEquals(2100, javax.imageio.ImageIO.read(out.resolve("charts/energy_by_format.png").toFile()).getWidth(), "7 in at 300 dpi");

        com.fasterxml.jackson.databind.JsonNode doc = JsonOutputTest.json("sweep", spec.toString(), "-o", out.toString());
        assertEquals(3, doc.path("points").size(), "stdout is the JSON document alone");
        assertEquals("int8@32", doc.path("points").get(2).path("format").asText());
        assertEquals(32, doc.path("points").get(2).path("lanes").asInt());
        assertTrue(doc.path("points").get(2).path("energy_pj_per_mac").asDouble() > 0);
        assertEquals(3, doc.path("left_out").size());

        CommandLineTest.Run bad = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString(), "--chart-style", "poster");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown chart style 'poster': use screen, column") && !bad.err().contains("\tat "), bad.err());
    }

    /** A clock above what the datapath's critical path allows is flagged in the results, the summary and the report. */
    @Test
    void aClockAboveTheMaximumIsFlaggedInEveryResult() throws Exception {
        Path spec = dir.resolve("fast.yaml");
        Files.writeString(spec, String.join("\n", "name: fast", "traces:", "  activations: traces/layer0.attn_in.npy", "  tokens: 2",
                "  weights: traces/layer1.ffn_in.npy", "  weight_rows: 4", "grid:", "  format: [int4]", "  lanes: [8]",
                "  clock: [500MHz, 5GHz]", ""));
        Path out = dir.resolve("fast");
        CommandLineTest.Run r = CommandLineTest.run("sweep", spec.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> jsonl = Files.readAllLines(out.resolve("results.jsonl"));
        assertTrue(jsonl.get(1).contains("\"clock\":\"500MHz\"") && jsonl.get(1).contains("\"clock_above_max\":0"), jsonl.get(1));
        assertTrue(jsonl.get(2).contains("\"clock\":\"5GHz\"") && jsonl.get(2).contains("\"clock_above_max\":1"), jsonl.get(2));
        assertTrue(jsonl.get(1).matches(".*\"max_clock_mhz\":[0-9.]+.*"), jsonl.get(1));
        assertTrue(r.out().contains("WARNING: 1 point runs at a clock above the maximum its critical path allows (marked ~)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("5GHz") && l.contains("~")), r.out());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<th>max clock MHz</th>") && report.contains("title=\"the point's clock is above this maximum\""), "report");
        assertTrue(report.contains("1 point runs at a clock above the maximum"), "report warning");
    }

    /** The terminal summary has a column for every axis that varies, and none for those that do not. */
    @Test
    void theSummaryShowsEveryAxisThatVaries() throws Exception {
        Path spec = dir.resolve("axes.yaml");
        Files.writeString(spec, String.join("\n", "name: axes", "traces:", "  activations: traces/layer0.attn_in.npy", "  tokens: 2",
                "  weights: traces/layer1.ffn_in.npy", "  weight_rows: 4", "grid:", "  format: [int4]", "  lanes: [8]", "  depth: [0, 1]",
                "  clock: [500MHz, 1GHz]", ""));
        CommandLineTest.Run r = CommandLineTest.run("sweep", spec.toString(), "-o", dir.resolve("axes").toString());
        assertEquals(0, r.code(), r.err());
        String header = r.out().lines().filter(l -> l.startsWith("format ")).findFirst().orElse("");
        assertTrue(header.matches("format +lanes depth clock +cycles .*"), header);
        assertTrue(!header.contains(" tech ") && !header.contains(" acc "), header);
        assertTrue(r.out().contains("int4@32              8 1     1GHz "), r.out());
    }

    @Test
    void accumulatorMapsNameTheirFormats() throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, SPEC.replace("nvfp4: \"fixed:24:8\", ", "mxfp4: fp32, "));
        CommandLineTest.Run r = CommandLineTest.run("sweep", spec.toString(), "-o", dir.resolve("out").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'grid.acc.mxfp4' names no format of grid.format [nvfp4, int4]"), r.err());
        Files.writeString(spec, SPEC.replace(", default: [fp32, \"fixed:32:16\"]", ""));
        r = CommandLineTest.run("sweep", spec.toString(), "-o", dir.resolve("out").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'grid.acc' gives no accumulator for format 'int4'; add it or a 'default' key"), r.err());
        CommandLineTest.assertNoStackTrace(r);
    }
}
