package dev.bdsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --json} on the commands that print tables: one parseable document, snake_case keys, the same numbers as the text. */
class JsonOutputTest {
    static final String W = GemmCostCommandTest.W;

    @Test
    void costPrintsOneDocumentWithTheTablesRows() throws Exception {
        JsonNode doc = json("cost", "rtl-models/datapaths/int4.bdn", "rtl-models/datapaths/mxfp4.bdn", "-w", W, "--tokens", "1",
                "--weight-rows", "2", "--param", "LANES=8", "--breakdown");
        assertEquals(2, doc.path("netlists").size());
        JsonNode int4 = doc.path("netlists").get(0);
        assertEquals(8, int4.path("lanes").asInt());
        assertTrue(int4.path("energy_pj_per_mac").asDouble() > 0 && int4.path("area_um2").asDouble() > 0, int4.toString());
        assertTrue(int4.path("components").size() > 5, "the breakdown's rows");

        CommandLineTest.Run text = CommandLineTest.run("cost", "rtl-models/datapaths/int4.bdn", "rtl-models/datapaths/mxfp4.bdn", "-w", W,
                "--tokens", "1", "--weight-rows", "2", "--param", "LANES=8");
        String int4Row = text.out().lines().filter(l -> l.startsWith("| int4.bdn")).findFirst().orElseThrow();
        assertTrue(int4Row.contains(String.format(java.util.Locale.ROOT, "| %.4f |", int4.path("energy_pj_per_mac").asDouble())),
                "text and JSON give the same number: " + int4Row);
    }

    /** The weight buffer holds the run's weight rows: its area follows them, the datapath's does not. */
    @Test
    void bufferAreaFollowsTheWeightRows() throws Exception {
        JsonNode few = json("cost", "rtl-models/datapaths/int4.bdn", "-w", W, "--tokens", "1", "--weight-rows", "2", "--param", "LANES=8")
                .path("netlists").get(0);
        JsonNode many = json("cost", "rtl-models/datapaths/int4.bdn", "-w", W, "--tokens", "1", "--weight-rows", "8", "--param", "LANES=8")
                .path("netlists").get(0);
        assertEquals(few.path("area_um2").asDouble(), many.path("area_um2").asDouble(), 1e-9);
        assertTrue(many.path("buffer_area_um2").asDouble() > 2 * few.path("buffer_area_um2").asDouble(), few + " / " + many);
    }

    @Test
    void gemmQuantizerAndAccuracyPrintJson() throws Exception {
        JsonNode gemm = json("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "int8", "--tokens", "1", "--check");
        assertEquals("int8@32", gemm.path("format").asText());
        assertTrue(gemm.path("checked_outputs").asLong() > 0 && gemm.path("cycles").asLong() > 0, gemm.toString());

        JsonNode q = json("quantizer", "--tokens", "1", "--n", "1,4");
        assertEquals(4, q.path("configurations").size(), "two selectors × two N");
        assertEquals(4, q.path("configurations").get(1).path("n").asInt());

        JsonNode acc = json("accuracy", "-f", "int8", "--tokens", "1");
        assertEquals("int8@32", acc.path("formats").get(0).path("format").asText());
        assertTrue(acc.path("formats").get(0).path("embedding_cosine_mean").asDouble() > 0.9);
    }

    /** The MAC units with the core apart from registers and control, and each format's fitted integer accumulator beside FP32. */
    @Test
    void macUnitsReportTheirCoreAndAFittedAccumulator() throws Exception {
        JsonNode fp32 = json("cost", "--macs", "--tokens", "1", "--weight-rows", "4");
        JsonNode fitted = json("cost", "--macs", "--tokens", "1", "--weight-rows", "4", "--acc", "fitted");
        assertEquals(11, fitted.path("netlists").size());
        for (int i = 0; i < 11; i++) {
            JsonNode a = fp32.path("netlists").get(i);
            JsonNode b = fitted.path("netlists").get(i);
            assertEquals("fp32", a.path("acc").asText());
            assertTrue(b.path("acc").asText().matches("fixed:\\d+:\\d+"), b.toString());
            double core = b.path("core_area_um2").asDouble();
            double around = b.path("registers_and_control_area_um2").asDouble();
            assertEquals(b.path("area_um2").asDouble(), core + around, 1e-6, "core and periphery make the unit: " + b);
            assertTrue(b.path("core_area_um2").asDouble() < a.path("core_area_um2").asDouble(),
                    "a fitted integer accumulator is smaller than FP32: " + b.path("netlist").asText());
        }
    }

    @Test
    void benchPrintsItsMeasurementsAsJson() throws Exception {
        JsonNode doc = json("bench", "--seconds", "0.05");
        for (String key : List.of("quantizer_elements_per_second", "gemm_fp32_macs_per_second")) {
            assertTrue(doc.path(key).asDouble() > 0, key + " in " + doc);
        }
        assertEquals(32, doc.path("kernel_lanes").asInt());
        List<String> engines = new java.util.ArrayList<>();
        for (JsonNode e : doc.path("kernel")) {
            engines.add(e.path("engine").asText());
            assertTrue(e.path("macs_per_second").asDouble() > 0, "kernel " + e);
        }
        assertEquals(List.of("event", "compiled", "functional"), engines);
    }

    @Test
    void libertyListsItsCellsAsJson() throws Exception {
        Path lib = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(lib) || System.getenv("BDSIM_REQUIRE_TOOLS") != null);
        JsonNode doc = json("liberty", lib.toString());
        assertEquals(32, doc.path("cells").size());
        JsonNode nand = null;
        for (JsonNode c : doc.path("cells")) {
            nand = c.path("cell").asText().equals("NAND2X1") ? c : nand;
        }
        assertEquals(1.0, nand.path("ge").asDouble(), 1e-12);
    }

    /** Runs a command with --json, checks it exits 0 with one JSON document whose keys are all snake_case. */
    static JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        CommandLineTest.Run r = CommandLineTest.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> bad = new ArrayList<>();
        keys(doc, bad);
        assertEquals(List.of(), bad, "keys not in snake_case");
        return doc;
    }

    private static void keys(JsonNode node, List<String> bad) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!Table.snakeCase(k)) {
                    bad.add(k);
                }
                keys(node.get(k), bad);
            }
        } else if (node.isArray()) {
            node.forEach(n -> keys(n, bad));
        }
    }
}
