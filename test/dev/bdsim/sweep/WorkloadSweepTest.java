package dev.bdsim.sweep;

import dev.bdsim.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep over a workload: each point runs every product, and its totals are the products' own runs summed with their counts. */
class WorkloadSweepTest {
    static final String WORKLOAD = """
            name: three
            products:
              - {name: q0, activations: traces/layer0.attn_in.npy, weights: "minilm:layer.0.attention.self.query"}
              - {name: up1, activations: traces/layer1.ffn_in.npy, weights: "minilm:layer.1.intermediate.dense", count: 2}
              - {name: down1, activations: traces/layer1.ffn_hidden.npy, weights: "minilm:layer.1.output.dense"}
            """;

    static String spec(Path workload, String traces) {
        return """
                name: wl
                traces:
                  %s
                  tokens: 2
                  weight_rows: 24
                grid:
                  format: [dialectfp4, int8]
                  lanes: [8]
                """.formatted(traces.replace("WORKLOAD", workload.toString()));
    }

    private static SweepSpec load(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return SweepSpec.load(file);
    }

    private static List<PointResult> run(SweepSpec s, Path out) throws Exception {
        return SweepRunner.run(s, Path.of(""), out, 2, (d, t, sec) -> { }, 0).results();
    }

    @Test
    void aPointsTotalsAreItsProductsRunsSummedWithTheirCounts(@TempDir Path dir) throws Exception {
        Path workload = dir.resolve("three.yaml");
        Files.writeString(workload, WORKLOAD);
        List<PointResult> whole = run(load(dir, "wl.yaml", spec(workload, "workload: WORKLOAD")), dir.resolve("wl"));
        assertEquals(2, whole.size());
        String[][] products = {
                {"traces/layer0.attn_in.npy", "minilm:layer.0.attention.self.query", "1"},
                {"traces/layer1.ffn_in.npy", "minilm:layer.1.intermediate.dense", "2"},
                {"traces/layer1.ffn_hidden.npy", "minilm:layer.1.output.dense", "1"}};
        for (int f = 0; f < whole.size(); f++) {
            PointResult point = whole.get(f);
            assertEquals(List.of("q0", "up1", "down1"), point.products().stream().map(PointResult.ProductResult::name).toList());
            double cycles = 0;
            double macs = 0;
            double datapathPj = 0;
            double sqnr = Double.POSITIVE_INFINITY;
            for (int i = 0; i < products.length; i++) {
                String traces = "activations: " + products[i][0] + "\n  weights: \"" + products[i][1] + "\"";
                PointResult alone = run(load(dir, "p" + i + ".yaml", spec(workload, traces)), dir.resolve("p" + i)).get(f);
                int count = Integer.parseInt(products[i][2]);
                PointResult.ProductResult pr = point.products().get(i);
                assertEquals(count, pr.count());
                assertEquals(alone.metric("cycles"), pr.cycles(), "a product's cycles are its own run's");
                assertEquals(alone.metric("macs"), pr.macs());
                assertEquals(alone.metric("energy_pj_per_mac") * alone.metric("macs"), pr.datapathPj(), 1e-9 * pr.datapathPj());
                assertEquals(alone.metric("output_sqnr_db"), pr.outputSqnrDb());
                cycles += count * alone.metric("cycles");
                macs += count * alone.metric("macs");
                datapathPj += count * alone.metric("energy_pj_per_mac") * alone.metric("macs");
                sqnr = Math.min(sqnr, alone.metric("output_sqnr_db"));
            }
            assertEquals(cycles, point.metric("cycles"));
            assertEquals(macs, point.metric("macs"));
            assertEquals(datapathPj / macs, point.metric("energy_pj_per_mac"), 1e-9 * point.metric("energy_pj_per_mac"));
            assertEquals(sqnr, point.metric("output_sqnr_db"), "the worst product's");
            double perToken = point.products().stream().mapToDouble(p -> p.count() * p.totalPj()).sum() / 2;
            assertEquals(perToken, point.metric(SweepMetrics.PER_TOKEN), 1e-9 * perToken);
        }
        // the products are in the results file and read back on resume: nothing to run, the same bytes, the per-layer chart
        byte[] before = Files.readAllBytes(dir.resolve("wl").resolve(ResultsFile.JSONL));
        SweepSpec s = load(dir, "wl.yaml", spec(workload, "workload: WORKLOAD"));
        SweepRunner.Outcome again = SweepRunner.run(s, Path.of(""), dir.resolve("wl"), 1, (d, t, sec) -> { }, 0);
        assertEquals(0, again.added());
        assertEquals(whole, again.results());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("wl").resolve(ResultsFile.JSONL)));
        assertTrue(dev.bdsim.report.SweepCharts.charts(s, again.results(), dev.bdsim.report.ChartStyle.parse("screen"))
                .containsKey("energy_by_layer"));
    }

    /** A user's manifest of files: a product whose weights are a .safetensors tensor runs as the same weights from the model do. */
    @Test
    void aProductMayReadItsWeightsFromASafetensorsFile(@TempDir Path dir) throws Exception {
        dev.bdsim.fp16.Fp16Matrix w = dev.bdsim.model.Weights.load("minilm:layer.0.attention.self.query", 24);
        short[] bits = w.rawBits();
        String header = "{\"w\":{\"dtype\":\"F16\",\"shape\":[" + w.rows() + "," + w.cols() + "],\"data_offsets\":[0," + 2 * bits.length + "]}}";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length() + 2 * bits.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (short s : bits) {
            b.putShort(s);
        }
        Path file = Files.write(dir.resolve("q.safetensors"), b.array());
        Path workload = dir.resolve("files.yaml");
        Files.writeString(workload, """
                name: files
                products:
                  - {name: model, activations: traces/layer0.attn_in.npy, weights: "minilm:layer.0.attention.self.query"}
                  - {name: file, activations: traces/layer0.attn_in.npy, weights: "%s:w"}
                """.formatted(file));
        PointResult r = run(load(dir, "s.yaml", spec(workload, "workload: WORKLOAD")), dir.resolve("out")).get(0);
        PointResult.ProductResult model = r.products().get(0);
        PointResult.ProductResult fromFile = r.products().get(1);
        assertEquals(model.cycles(), fromFile.cycles());
        assertEquals(model.datapathPj(), fromFile.datapathPj());
        assertEquals(model.outputSqnrDb(), fromFile.outputSqnrDb());
    }

    /** On the accelerator: cycles, DRAM bytes and the energy with DRAM are each product's own run's, summed with its count. */
    @Test
    void anAcceleratorWorkloadSumsItsProductsRunsDramIncluded(@TempDir Path dir) throws Exception {
        Path workload = dir.resolve("two.yaml");
        Files.writeString(workload, """
                name: two
                products:
                  - {name: q0, activations: traces/layer0.attn_in.npy, weights: "minilm:layer.0.attention.self.query", count: 3}
                  - {name: o0, activations: traces/layer0.attn_ctx.npy, weights: "minilm:layer.0.attention.output.dense"}
                """);
        String accelerator = "design: accelerator\n";
        PointResult whole = run(load(dir, "a.yaml", accelerator + spec(workload, "workload: WORKLOAD").replace("[dialectfp4, int8]", "[mxfp4]")),
                dir.resolve("a")).get(0);
        PointResult q = run(load(dir, "q.yaml", accelerator + spec(workload, "activations: traces/layer0.attn_in.npy\n  weights: "
                + "\"minilm:layer.0.attention.self.query\"").replace("[dialectfp4, int8]", "[mxfp4]")), dir.resolve("q")).get(0);
        PointResult o = run(load(dir, "o.yaml", accelerator + spec(workload, "activations: traces/layer0.attn_ctx.npy\n  weights: "
                + "\"minilm:layer.0.attention.output.dense\"").replace("[dialectfp4, int8]", "[mxfp4]")), dir.resolve("o")).get(0);
        for (String m : List.of("cycles", "macs", SweepMetrics.DRAM_BYTES, SweepMetrics.WEIGHT_STALLS)) {
            assertEquals(3 * q.metric(m) + o.metric(m), whole.metric(m), m);
        }
        double pj = 3 * q.metric(SweepMetrics.WITH_DRAM) * q.metric("macs") + o.metric(SweepMetrics.WITH_DRAM) * o.metric("macs");
        assertEquals(pj / whole.metric("macs"), whole.metric(SweepMetrics.WITH_DRAM), 1e-9 * whole.metric(SweepMetrics.WITH_DRAM));
        assertEquals(pj / 2, whole.metric(SweepMetrics.PER_TOKEN), 1e-9 * pj);
        assertEquals(Math.min(q.metric("output_sqnr_db"), o.metric("output_sqnr_db")), whole.metric("output_sqnr_db"));
    }

    @Test
    void workloadErrorsNameTheFileAndTheFix(@TempDir Path dir) throws IOException {
        Path workload = dir.resolve("three.yaml");
        Files.writeString(workload, WORKLOAD);
        BadInputException both = assertThrows(BadInputException.class, () -> load(dir, "s.yaml",
                spec(workload, "workload: WORKLOAD\n  activations: traces/layer0.attn_in.npy")));
        assertTrue(both.getMessage().contains("'traces.workload' names the products (activations and weights) itself"), both.getMessage());
        Files.writeString(workload, WORKLOAD.replace("count: 2", "count: 0"));
        BadInputException count = assertThrows(BadInputException.class, () -> Workload.load(workload));
        assertTrue(count.getMessage().contains("three.yaml: products[1].count = 0 must be a whole number of at least 1"), count.getMessage());
        Files.writeString(workload, WORKLOAD.replace("weights: \"minilm:layer.1.output.dense\"", "weight: x"));
        BadInputException key = assertThrows(BadInputException.class, () -> Workload.load(workload));
        assertTrue(key.getMessage().contains("unknown key 'products[2].weight'; allowed here: [name, activations, weights, count]"),
                key.getMessage());
        BadInputException missing = assertThrows(BadInputException.class, () -> Workload.load(dir.resolve("none.yaml")));
        assertTrue(missing.getMessage().contains("none.yaml: cannot read the workload"), missing.getMessage());
        Files.writeString(workload, WORKLOAD.replace("name: up1", "name: q0"));
        BadInputException twice = assertThrows(BadInputException.class, () -> Workload.load(workload));
        assertTrue(twice.getMessage().contains("a second product named 'q0'"), twice.getMessage());
    }

    @Test
    void theShippedMiniLmWorkloadHasEveryLinearLayerOnce() {
        Workload w = Workload.load(Path.of("rtl-models/workloads/minilm.yaml"));
        assertEquals(36, w.products().size());
        assertEquals(36, w.products().stream().map(Workload.Product::weights).distinct().count());
        for (int layer = 0; layer < 6; layer++) {
            for (String linear : List.of("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                    "intermediate.dense", "output.dense")) {
                String name = "layer." + layer + "." + linear;
                assertTrue(w.products().stream().anyMatch(p -> p.weights().equals("minilm:" + name)), name);
            }
        }
    }
}
