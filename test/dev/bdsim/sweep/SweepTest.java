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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {
    static final String SMALL = """
            name: small
            traces:
              activations: traces/layer0.attn_in.npy
              tokens: 3
              weights: traces/layer1.ffn_in.npy
              weight_rows: 5
            grid:
              format: [dialectfp4, nvfp4, fp16]
              block: [32, 64]
              lanes: [8, 32]
            """;

    static SweepSpec spec(Path dir, String text) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, text);
        return SweepSpec.load(file);
    }

    @Test
    void theGridExpandsInAFixedOrderWithoutImpossibleOrRepeatedPoints(@TempDir Path dir) throws IOException {
        SweepSpec.Expansion e = spec(dir, SMALL).expand();
        List<String> ids = e.points().stream().map(p -> p.format() + "/" + p.lanes()).toList();
        assertEquals(List.of("dialectfp4@32/8", "dialectfp4@32/32", "dialectfp4@64/8", "dialectfp4@64/32", "nvfp4@16/8",
                "fp16/8", "fp16/32"), ids);
        assertEquals(1, e.skipped().size());
        assertTrue(e.skipped().get(0).startsWith("nvfp4@16 L32") && e.skipped().get(0).contains("does not divide the block of 16"),
                e.skipped().get(0));
        for (int i = 0; i < e.points().size(); i++) {
            assertEquals(i, e.points().get(i).index());
        }
    }

    @Test
    void theEncodingAblationSitsInTheGridBesideTheDefault(@TempDir Path dir) throws IOException {
        SweepSpec.Expansion e = spec(dir, SMALL.replace("[dialectfp4, nvfp4, fp16]", "[dialectfp4, \"dialectfp4:encode=quarter\"]")
                .replace("[8, 32]", "[8]")).expand();
        assertEquals(List.of("dialectfp4@32", "dialectfp4@64", "dialectfp4@32:encode=quarter", "dialectfp4@64:encode=quarter"),
                e.points().stream().map(SweepSpec.Point::format).toList());
        assertTrue(e.points().stream().allMatch(p -> p.netlist().endsWith("dialectfp4.bdn")), "one datapath serves both");
    }

    @Test
    void specErrorsNameTheFileTheKeyAndWhatIsAllowed(@TempDir Path dir) {
        BadInputException syntax = assertThrows(BadInputException.class, () -> spec(dir, "name: x\ngrid:\n  format: [a, b\n  lanes: 1\n"));
        assertTrue(syntax.getMessage().contains("spec.yaml:4:8: not valid YAML: while parsing a flow sequence: expected ',' or ']'"),
                syntax.getMessage());
        BadInputException tab = assertThrows(BadInputException.class, () -> spec(dir, "name: x\ngrid:\n\tformat: 1\n"));
        assertTrue(tab.getMessage().contains("spec.yaml:3:1: not valid YAML") && !tab.getMessage().contains("\t"), tab.getMessage());
        BadInputException e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("  lanes:", "  lane:")));
        assertTrue(e.getMessage().contains("spec.yaml: unknown key 'grid.lane'; allowed here: [format, block, lanes"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("nvfp4,", "nvfp5,")));
        assertTrue(e.getMessage().contains("'grid.format': 'nvfp5' is not valid") && e.getMessage().contains("allowed: one of [dialectfp4"),
                e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("[8, 32]", "[8, 0]")));
        assertTrue(e.getMessage().contains("'grid.lanes': '0' must be an integer in 1..4096"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL + "metrics: [cycles, joules]\n"));
        assertTrue(e.getMessage().contains("metrics: 'joules' is not a metric; allowed: [bits_per_element"), e.getMessage());
        java.util.Set<String> every = new java.util.HashSet<>(dev.bdsim.quant.Formats.ALL);
        every.addAll(dev.bdsim.quant.Formats.WEIGHT_ONLY);
        assertEquals(every, dev.bdsim.gemm.Datapaths.formats(), "every format has a datapath, the weight-only ones too");
        e = assertThrows(BadInputException.class, () -> spec(dir, "name: x\n  bad: [\n"));
        assertTrue(e.getMessage().contains("spec.yaml:2:6: not valid YAML: mapping values are not allowed here"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("traces:", "trace:")));
        assertTrue(e.getMessage().contains("unknown key 'trace'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL + "name: again\n"));
        assertTrue(e.getMessage().contains("spec.yaml:11:5: not valid YAML: Duplicate field 'name'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("format: [dialectfp4, nvfp4, fp16]", "format: &f [int4]")
                .replace("lanes: [8, 32]", "lanes: *f")));
        assertTrue(e.getMessage().contains("spec.yaml:10: YAML aliases ('*f') are not read in sweep specs"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL + "---\nname: second\n"));
        assertTrue(e.getMessage().contains("holds 2 YAML documents"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL + "netlists: {mxfp4: x.bdn}\n"));
        assertTrue(e.getMessage().contains("'netlists.mxfp4' names no format of grid.format"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("[8, 32]", java.util.stream.IntStream.rangeClosed(1, 4096)
                .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", ", "[", "]")))
                .replace("[32, 64]", java.util.stream.IntStream.rangeClosed(1, 4096).mapToObj(Integer::toString)
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]")))));
        assertTrue(e.getMessage().contains("combinations, more than 1000000; split the sweep"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("name: small", "name: ../../escape")));
        assertTrue(e.getMessage().contains("'name' = '../../escape' is not a sweep name"), e.getMessage());
    }

    private static byte[] run(SweepSpec s, Path out, int threads, int stopAfter) throws Exception {
        SweepRunner.run(s, Path.of(""), out, threads, (d, t, sec) -> { }, stopAfter);
        return Files.readAllBytes(out.resolve(ResultsFile.JSONL));
    }

    @Test
    void resultsAreTheSameOnAnyThreadCountAndAfterAnInterruptedRunResumes(@TempDir Path dir) throws Exception {
        SweepSpec s = spec(dir, SMALL);
        byte[] one = run(s, dir.resolve("one"), 1, 0);
        byte[] csv = Files.readAllBytes(dir.resolve("one").resolve(ResultsFile.CSV));
        assertArrayEquals(one, run(s, dir.resolve("two"), 2, 0), "2 threads");
        assertArrayEquals(csv, Files.readAllBytes(dir.resolve("two").resolve(ResultsFile.CSV)));

        Path cut = dir.resolve("cut");
        SweepRunner.Outcome first = SweepRunner.run(s, Path.of(""), cut, 2, (d, t, sec) -> { }, 3);
        assertFalse(first.complete());
        assertEquals(3, first.results().size());
        assertEquals(4, Files.readAllLines(cut.resolve(ResultsFile.JSONL)).size(), "header and 3 points, nothing else");
        // a kill in the middle of an append leaves a torn line; the resume drops it
        Files.writeString(cut.resolve(ResultsFile.JSONL), "{\"point\":3,\"format\":\"dialec", java.nio.file.StandardOpenOption.APPEND);
        SweepRunner.Outcome rest = SweepRunner.run(s, Path.of(""), cut, 2, (d, t, sec) -> { }, 0);
        assertTrue(rest.complete());
        assertEquals(s.expand().points().size() - 3, rest.added());
        assertArrayEquals(one, Files.readAllBytes(cut.resolve(ResultsFile.JSONL)));
        assertArrayEquals(csv, Files.readAllBytes(cut.resolve(ResultsFile.CSV)));
        assertEquals(0, SweepRunner.run(s, Path.of(""), cut, 2, (d, t, sec) -> { }, 0).added(), "nothing left to run");
        // a run stopped before its header line was whole (a full disk, a kill) leaves a directory that still resumes
        Path torn = dir.resolve("torn");
        Files.createDirectories(torn);
        Files.writeString(torn.resolve(ResultsFile.JSONL), "{\"sweep\":\"sm");
        run(s, torn, 2, 0);
        assertArrayEquals(one, Files.readAllBytes(torn.resolve(ResultsFile.JSONL)));
    }

    /**
     * A point's online quantizer is the format's hardware as narrow as keeps up with the datapath: its energy over the GEMM's
     * MACs is what the quantizer command measures for the same rows at that width, none for FP16.
     */
    @Test
    void theActivationQuantizerIsCountedPerMacAtTheWidthThatKeepsUp(@TempDir Path dir) throws Exception {
        // 32 lanes over 5 output features take 32 / 5 activations a cycle: 8 quantizer lanes (a divisor of 32), N = 4
        assertEquals(4, dev.bdsim.gemm.CycleQuantizer.chunksToKeepUp(32, 32, 5));
        assertEquals(32, dev.bdsim.gemm.CycleQuantizer.chunksToKeepUp(32, 32, 128));
        assertEquals(1, dev.bdsim.gemm.CycleQuantizer.chunksToKeepUp(16, 32, 1));
        assertEquals(4, dev.bdsim.gemm.CycleQuantizer.chunksToKeepUp(16, 8, 2));
        SweepSpec s = spec(dir, SMALL.replace("[dialectfp4, nvfp4, fp16]", "[dialectfp4, mxfp4, nvfp4, fp16]").replace("[32, 64]", "[32]")
                .replace("[8, 32]", "[16]"));
        SweepRunner.Outcome o = SweepRunner.run(s, Path.of(""), dir.resolve("out"), 1, (d, t, sec) -> { }, 0);
        java.util.Map<String, PointResult> by = new java.util.HashMap<>();
        o.results().forEach(r -> by.put(r.point().format().replaceAll("@.*", ""), r));
        dev.bdsim.format.BlockFormat f = dev.bdsim.quant.Formats.parse("dialectfp4", dev.bdsim.quant.Formats.Options.defaults());
        // 16 lanes over 5 output features: 4 quantizer lanes, N = 8
        dev.bdsim.gemm.CycleQuantizer q = new dev.bdsim.gemm.CycleQuantizer(null, java.util.Map.of("N", "8"), f);
        dev.bdsim.trace.TensorSource x = dev.bdsim.trace.Traces.open("traces/layer0.attn_in.npy");
        dev.bdsim.gemm.CycleQuantizer.Stats st = q.runChecked(x, 3, 3);
        double pj = dev.bdsim.flow.Flow.cost(q.netlist(), st.activity(), st.cycles(), dev.bdsim.cost.TechLibrary.named("45nm"), 500e6,
                st.elements()).energyPj(dev.bdsim.cost.CostReport.ALL);
        PointResult d = by.get("dialectfp4");
        assertEquals(pj / (3 * 5 * 384), d.metric(SweepMetrics.QUANTIZER_ENERGY), 1e-12);
        assertEquals(d.metric("energy_pj_per_mac") + d.metric(SweepMetrics.QUANTIZER_ENERGY), d.metric(SweepMetrics.WITH_QUANTIZER), 1e-12);
        assertEquals(d.metric(SweepMetrics.QUANTIZER_ENERGY), d.energyByGroup().get(SweepMetrics.QUANTIZER_GROUP), 1e-12);
        assertTrue(by.get("mxfp4").metric(SweepMetrics.QUANTIZER_ENERGY) < d.metric(SweepMetrics.QUANTIZER_ENERGY),
                "MX's quantizer has no dialect selection");
        assertEquals(0.0, by.get("fp16").metric(SweepMetrics.QUANTIZER_ENERGY));
        assertTrue(by.get("nvfp4").metric(SweepMetrics.QUANTIZER_ENERGY) > by.get("mxfp4").metric(SweepMetrics.QUANTIZER_ENERGY),
                "NVFP4's block scale is not a power of two: its quantizer costs more than MX's");
    }

    @Test
    void resultsOfAnotherSpecAreNotMixedIn(@TempDir Path dir) throws Exception {
        SweepSpec s = spec(dir, SMALL);
        run(s, dir.resolve("out"), 2, 1);
        SweepSpec other = spec(dir, SMALL.replace("tokens: 3", "tokens: 4"));
        BadInputException e = assertThrows(BadInputException.class, () -> run(other, dir.resolve("out"), 2, 0));
        assertTrue(e.getMessage().contains("holds results of another sweep"), e.getMessage());
    }

    @Test
    void resumeRefusesResultsOfChangedInputsAndNamesTheFile(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("acts.npy");
        Files.copy(Path.of("traces/layer0.attn_in.npy"), trace);
        Path tech = dir.resolve("my.tech");
        Files.copy(Path.of("rtl-models/tech/45nm.tech"), tech);
        String text = SMALL.replace("traces/layer0.attn_in.npy", trace.toString()).replace("  lanes: [8, 32]",
                "  lanes: [8, 32]\n  tech: [" + tech + "]");
        SweepSpec s = spec(dir, text);
        run(s, dir.resolve("out"), 2, 2);
        // a comment or layout change is the same spec: the run resumes
        SweepSpec commented = spec(dir, "# the same sweep\n" + text.replace("tokens: 3", "tokens:   3   # rows"));
        assertEquals(s.sha256(), commented.sha256());
        run(commented, dir.resolve("out2"), 2, 2);
        SweepRunner.Outcome resumed = SweepRunner.run(commented, Path.of(""), dir.resolve("out2"), 2, (d, t, sec) -> { }, 3);
        assertEquals(3, resumed.added());

        Files.writeString(tech, Files.readString(tech) + "\n# edited\n");
        BadInputException e = assertThrows(BadInputException.class, () -> run(s, dir.resolve("out"), 2, 0));
        assertTrue(e.getMessage().contains("holds results computed from another version of " + tech), e.getMessage());
        Files.copy(Path.of("rtl-models/tech/45nm.tech"), tech, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        byte[] bytes = Files.readAllBytes(trace);
        bytes[bytes.length - 1] ^= 1; // one activation value changes
        Files.write(trace, bytes);
        e = assertThrows(BadInputException.class, () -> run(s, dir.resolve("out"), 2, 0));
        assertTrue(e.getMessage().contains("holds results computed from another version of " + trace), e.getMessage());
    }

    /** Every independent problem of a spec is reported in one run. */
    @Test
    void aSpecsProblemsAreReportedTogether(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("  lanes: [8, 32]", "  lanes: [0]")
                .replace("[dialectfp4, nvfp4, fp16]", "[dialectfp4, mxfp5]").replace("tokens: 3", "tokns: 3") + "metrics: [joules]\n"));
        String m = e.getMessage();
        assertTrue(m.contains("spec.yaml: 4 problems:"), m);
        for (String part : List.of("unknown key 'traces.tokns'", "'grid.format': 'mxfp5' is not valid", "'grid.lanes': '0' must be an integer",
                "metrics: 'joules' is not a metric")) {
            assertTrue(m.contains(part), part + " in: " + m);
        }
        BadInputException one = assertThrows(BadInputException.class, () -> spec(dir, SMALL.replace("  lanes: [8, 32]", "  lanes: [0]")));
        assertTrue(!one.getMessage().contains("problems:"), "a single problem is one line: " + one.getMessage());
    }

    /** Activations and weights whose K differ are refused before the results directory is created. */
    @Test
    void aKMismatchIsFoundBeforeTheSweepStarts(@TempDir Path dir) throws Exception {
        SweepSpec s = spec(dir, SMALL.replace("traces/layer1.ffn_in.npy", "traces/layer0.ffn_hidden.npy"));
        Path out = dir.resolve("out");
        BadInputException e = assertThrows(BadInputException.class, () -> run(s, out, 2, 0));
        assertTrue(e.getMessage().contains("traces.weights traces/layer0.ffn_hidden.npy has K = 1536 columns but traces.activations "
                + "traces/layer0.attn_in.npy has K = 384"), e.getMessage());
        assertTrue(!Files.exists(out), "no results directory");
    }

    /** Results computed by another build (its cost model or simulator may differ) are not resumed into. */
    @Test
    void resumeRefusesResultsOfAnotherBuild(@TempDir Path dir) throws Exception {
        SweepSpec s = spec(dir, SMALL);
        Path out = dir.resolve("out");
        run(s, out, 2, 1);
        Path file = out.resolve(ResultsFile.JSONL);
        String text = Files.readString(file);
        assertTrue(text.startsWith("{") && text.contains("\"code_sha256\":\"" + dev.bdsim.Version.codeSha256() + "\""), text);
        Files.writeString(file, text.replace(dev.bdsim.Version.codeSha256(), "0".repeat(64)));
        BadInputException e = assertThrows(BadInputException.class, () -> run(s, out, 2, 0));
        assertTrue(e.getMessage().contains("holds results computed by another build of bdsim (its code SHA-256 was 000000000000…"),
                e.getMessage());
        // the demo's own directory is replaced instead, saying why, and ends as a fresh run does
        SweepRunner.Outcome fresh = SweepRunner.run(s, Path.of(""), out, 2, (d, t, sec) -> { }, 0, true);
        assertTrue(fresh.replaced() != null && fresh.replaced().contains("another build of bdsim"), String.valueOf(fresh.replaced()));
        assertEquals(fresh.results().size(), fresh.added());
        Path clean = dir.resolve("clean");
        run(s, clean, 2, 0);
        assertArrayEquals(Files.readAllBytes(clean.resolve(ResultsFile.JSONL)), Files.readAllBytes(file));
    }

    @Test
    void csvFieldsWithCommasOrQuotesStayOneField(@TempDir Path dir) throws Exception {
        Path tech = dir.resolve("lib, \"v2\".tech");
        Files.copy(Path.of("rtl-models/tech/45nm.tech"), tech);
        String text = SMALL.replace("[dialectfp4, nvfp4, fp16]", "[int4]").replace("[32, 64]", "[32]").replace("[8, 32]", "[8]")
                + "metrics: [cycles]\n";
        SweepSpec s = spec(dir, text.replace("  lanes: [8]", "  lanes: [8]\n  tech: ['" + tech + "']"));
        run(s, dir.resolve("out"), 1, 0);
        var reader = new com.fasterxml.jackson.dataformat.csv.CsvMapper().enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class);
        List<String[]> rows = reader.<String[]>readValues(dir.resolve("out").resolve(ResultsFile.CSV).toFile()).readAll();
        assertEquals(2, rows.size());
        assertEquals(rows.get(0).length, rows.get(1).length, "every row has the header's columns");
        assertEquals(tech.toString(), rows.get(1)[5]);
    }

    @Test
    void everyPointIsMeasured(@TempDir Path dir) throws Exception {
        SweepSpec s = spec(dir, SMALL);
        SweepRunner.Outcome o = SweepRunner.run(s, Path.of(""), dir.resolve("out"), 2, (d, t, sec) -> { }, 0);
        PointResult first = o.results().get(0);
        // 3 rows x 5 weight rows x 384 / 8 lanes = 720 chunks, + DEPTH 1 + 2
        assertEquals(723, first.metric("cycles"));
        assertEquals(3 * 5 * 384, first.metric("macs"));
        assertTrue(first.metric("output_sqnr_db") > 10 && first.metric("energy_pj_per_mac") > 0);
        double groups = SweepMetrics.GROUPS.stream().mapToDouble(g -> first.energyByGroup().get(g)).sum();
        assertEquals(first.metric("energy_pj_per_mac"), groups, 1e-9 * groups, "the datapath groups add up to the datapath energy");
        assertEquals(first.metric(SweepMetrics.QUANTIZER_ENERGY), first.energyByGroup().get(SweepMetrics.QUANTIZER_GROUP), 1e-15);
        assertEquals(List.copyOf(SweepMetrics.BREAKDOWN_GROUPS), List.copyOf(first.areaByGroup().keySet()));
    }

    @Test
    void aSampledSweepKeepsTheScheduleCyclesEstimatesEnergyWithItsIntervalAndIsDeterministic(@TempDir Path dir) throws Exception {
        String sampled = SMALL.replace("tokens: 3", "tokens: 12").replace("weight_rows: 5", "weight_rows: 40\n  sample: 12\n  sample_rows: 4")
                .replace("[dialectfp4, nvfp4, fp16]", "[dialectfp4]").replace("[32, 64]", "[32]").replace("[8, 32]", "[8]");
        SweepSpec s = spec(dir, sampled);
        assertEquals(12, s.sample());
        assertTrue(s.metrics().contains(SweepMetrics.SAMPLE_CI), "the interval kept by default in a sampled sweep");
        assertFalse(spec(dir, SMALL).metrics().contains(SweepMetrics.SAMPLE_CI));
        SweepRunner.Outcome o = SweepRunner.run(s, Path.of(""), dir.resolve("out"), 2, (d, t, sec) -> { }, 0);
        PointResult p = o.results().get(0);
        assertEquals(12 * 40 * 384 / 8 + 3, p.metric("cycles"), "12 x 40 outputs of 48 chunks, + DEPTH 1 + 2: the schedule's");
        double ci = p.metric(SweepMetrics.SAMPLE_CI);
        assertTrue(ci > 0 && ci < 10, "interval " + ci + " %");
        assertArrayEquals(Files.readAllBytes(dir.resolve("out").resolve(ResultsFile.JSONL)),
                run(s, dir.resolve("again"), 1, 0), "the same tiles on any thread count");
        assertTrue(assertThrows(BadInputException.class, () -> spec(dir, "design: accelerator\n" + sampled)).getMessage()
                .contains("'traces.sample' applies to datapath points"));
        assertTrue(assertThrows(BadInputException.class, () -> spec(dir, sampled.replace("sample: 12", "sample: -1"))).getMessage()
                .contains("traces.sample"));
    }

    @Test
    void theEmbeddingCosineIsMeasuredPerFormatOnTheWholeModel(@TempDir Path dir) throws Exception {
        SweepSpec s = spec(dir, SMALL.replace("[dialectfp4, nvfp4, fp16]", "[int4, fp16]").replace("[32, 64]", "[32]")
                .replace("[8, 32]", "[8]") + "metrics: [output_sqnr_db, embedding_cosine]\n");
        List<PointResult> r = SweepRunner.run(s, Path.of(""), dir.resolve("out"), 2, (d, t, sec) -> { }, 0).results();
        double int4 = r.get(0).metric(SweepMetrics.COSINE);
        double fp16 = r.get(1).metric(SweepMetrics.COSINE);
        assertTrue(fp16 > 0.99999 && fp16 <= 1 + 1e-9, "FP16 operands keep the FP32 model's embeddings: " + fp16);
        assertTrue(int4 > 0.5 && int4 < 0.95, "INT4 operands move them: " + int4);
        assertTrue(Double.isNaN(r.get(0).metric("cycles")), "only the metrics the spec names are kept");
    }

    record P(String name, double cost, double quality) {}

    @Test
    void theParetoFrontKeepsExactlyTheUndominatedPoints() {
        List<P> points = List.of(new P("a", 1, 10), new P("b", 2, 9), new P("c", 2, 20), new P("d", 3, 20), new P("e", 0.5, 5),
                new P("f", 4, 30), new P("g", 4, Double.NaN), new P("h", 1, 10));
        List<String> front = Pareto.front(points, P::cost, P::quality).stream().map(P::name).toList();
        assertEquals(List.of("e", "a", "c", "f"), front);
        assertEquals(List.of(), Pareto.front(List.<P>of(), P::cost, P::quality));
    }
}
