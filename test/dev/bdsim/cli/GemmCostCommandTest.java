package dev.bdsim.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bdsim.cli.CommandLineTest.assertNoStackTrace;
import static dev.bdsim.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmCostCommandTest {
    static final String W = "traces/layer1.ffn_in.npy";

    @Test
    void gemmChecksEveryOutputAndReportsCyclesAndCost() {
        CommandLineTest.Run r = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "2",
                "--param", "LANES=16", "--param", "DEPTH=2", "--check", "--breakdown");
        assertEquals(0, r.code(), r.err());
        // 2 tokens x 171 outputs x 384 / 16 lanes = 8 208 chunks, + input register, tree (2), block sum, accumulator - 1
        assertTrue(r.out().contains("cycles       8,212 (8,208 chunks of 16 lanes"), r.out());
        assertTrue(r.out().contains("342 outputs bit-exact with the functional GEMM"), r.out());
        assertTrue(r.out().contains("pJ/MAC datapath"), r.out());
        assertTrue(r.out().contains("core.accum"), r.out());
        assertTrue(r.out().matches("(?s).*quantizer    the online activation quantizer, as narrow as keeps up: 0\\.\\d{4} pJ/MAC.*"), r.out());
        CommandLineTest.Run nv = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "nvfp4", "--tokens", "1",
                "--netlist", "rtl-models/datapaths/nvfp4.bdn", "--param", "LANES=16");
        assertTrue(nv.out().matches("(?s).*quantizer    the online activation quantizer, as narrow as keeps up: 0\\.\\d{4} pJ/MAC.*"), nv.out() + nv.err());
        CommandLineTest.Run fp16 = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "fp16", "--tokens", "1", "--param", "LANES=8");
        assertTrue(fp16.out().contains("quantizer    none: FP16 activations pass through"), fp16.out() + fp16.err());
    }

    @Test
    void gemmSampledSaysWhatItSampledAndKeepsTheScheduleCycles() throws Exception {
        CommandLineTest.Run whole = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "8",
                "--param", "LANES=16", "--param", "DEPTH=2", "--batch", "8", "--json");
        CommandLineTest.Run r = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "8",
                "--param", "LANES=16", "--param", "DEPTH=2", "--sample", "20", "--check");
        assertEquals(0, r.code(), r.err());
        // 8 tokens x 171 outputs in tiles of 16 rows: 8 x 11 tiles, 16 strata of at least two
        assertTrue(r.out().matches("(?s).*sampled      \\d+ of 88 tiles \\(1 activation row x 16 output rows, 16 strata\\).*"), r.out());
        assertTrue(r.out().contains("cycles       32,836 from the schedule (32,832 chunks of 16 lanes, one stream, then the drain: 4 cycles"),
                r.out());
        assertTrue(r.out().matches("(?s).*check        [0-9,]+ sampled outputs bit-exact with the functional GEMM.*"), r.out());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readTree(whole.out()).get("cycles").asLong(), 32_836);
        CommandLineTest.Run j = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "8",
                "--param", "LANES=16", "--param", "DEPTH=2", "--sample", "20", "--json");
        com.fasterxml.jackson.databind.JsonNode doc = json.readTree(j.out());
        assertEquals(88, doc.get("population_tiles").asLong());
        assertTrue(doc.get("energy_pj_ci95").asDouble() > 0);
        CommandLineTest.Run accel = run("gemm", "--accelerator", "traces/layer0.attn_in.npy", "-w", W, "--tokens", "2", "--sample", "5");
        assertEquals(2, accel.code());
        assertTrue(accel.err().contains("--sample applies to datapath runs"), accel.err());
        assertNoStackTrace(accel);
        CommandLineTest.Run bad = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "--tokens", "2", "--sample", "5", "--sample-rows", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--sample-rows must be at least 1"), bad.err());
    }

    @Test
    void gemmRunsTheWholeAcceleratorAndSaysWhereTheCyclesAndTheEnergyGo() throws Exception {
        CommandLineTest.Run r = run("gemm", "--accelerator", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "2",
                "--param", "ROWS=16", "--param", "W_WORDS=256", "--check");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("accelerator: rtl-models/accelerators/mxfp4.bdn: module mxfp4_accelerator"), r.out());
        // 2 tokens x 11 output groups of 16 rows (171 outputs) x 12 chunks
        assertTrue(r.out().matches("(?s).*cycles       [0-9,]+: 264 with a chunk issued, \\d+ filling, \\d+ waiting on the quantizer, \\d+ on activations from DRAM, 0 on weights from DRAM, 5 draining.*"),
                r.out());
        assertTrue(r.out().contains("DRAM         " + String.format(java.util.Locale.ROOT, "%,d", 1536 + (171 * 384 / 2 + 171 * 12) + 2 * 171 * 4)
                + " bytes: activations 1,536 (streamed), weights " + String.format(java.util.Locale.ROOT, "%,d", 171 * 384 / 2 + 171 * 12)
                + " (resident: loaded before the run)"), r.out());
        assertTrue(r.out().contains("342 outputs bit-exact with the functional quantize + GEMM"), r.out());
        assertTrue(r.out().matches("(?s).*energy       \\d+\\.\\d{4} pJ/MAC: quantizer 0\\.\\d{4}, array 0\\.\\d{4}, buffers \\d+\\.\\d{4}, DRAM \\d+\\.\\d{4}.*"), r.out());
        CommandLineTest.Run j = run("gemm", "--accelerator", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "2",
                "--param", "ROWS=16", "--param", "W_WORDS=256", "--json");
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(j.out());
        assertEquals(264, doc.get("issues").asLong());
        assertEquals(doc.get("cycles").asLong(), doc.get("issues").asLong() + doc.get("fill_cycles").asLong()
                + doc.get("quantizer_stall_cycles").asLong() + doc.get("dram_stall_cycles").asLong() + doc.get("weight_stall_cycles").asLong()
                + doc.get("drain_cycles").asLong());
        assertEquals(1, doc.get("weight_tiles").asInt());
        // a weight buffer of 64 words: 11 groups of 12 chunks in tiles of two groups per 32-word bank
        CommandLineTest.Run tiled = run("gemm", "--accelerator", "traces/layer0.attn_in.npy", "-w", W, "-f", "mxfp4", "--tokens", "2",
                "--param", "ROWS=16", "--param", "W_WORDS=64", "--json", "--check");
        assertEquals(0, tiled.code(), tiled.err());
        doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tiled.out());
        assertEquals(6, doc.get("weight_tiles").asInt());
        assertEquals(264, doc.get("issues").asLong(), "the same chunks, tile by tile");
        assertTrue(doc.get("weight_stall_cycles").asLong() > 0, tiled.out());
        assertEquals(6 * 1536, doc.get("dram_activation_bytes").asLong(), "the activations once per tile");
        assertEquals(342, doc.get("checked_outputs").asLong());
        assertEquals(2 / doc.get("energy_pj_per_mac_total").asDouble(), doc.get("tops_per_w").asDouble(), 1e-9);
        CommandLineTest.Run small = run("gemm", "--accelerator", "-w", W, "-f", "mxfp4", "--tokens", "1", "--param", "W_WORDS=16");
        assertEquals(2, small.code());
        assertTrue(small.err().contains("do not fit in a weight bank of W_WORDS / W_BANKS = 8 words; raise W_WORDS with --param"), small.err());
        assertNoStackTrace(small);
    }

    @Test
    void gemmReportsAccumulatorOverflows() {
        CommandLineTest.Run r = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "nvfp4", "--tokens", "1", "--acc", "fixed:24:8",
                "--check", "--param", "LANES=16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*overflows    [1-9][0-9,]* accumulator adds overflowed and saturated: WARNING.*"), r.out());
        r = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "nvfp4", "--tokens", "1", "--param", "LANES=16");
        assertTrue(r.out().contains("overflows    0 accumulator adds overflowed"), r.out());
    }

    @Test
    void everyFormatHasADatapathThatIsBitExact() {
        for (String f : dev.bdsim.quant.Formats.ALL) {
            CommandLineTest.Run r = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", f, "--tokens", "1", "--check",
                    "--param", "LANES=8");
            assertEquals(0, r.code(), f + ": " + r.err());
            assertTrue(r.out().contains("outputs bit-exact with the functional GEMM"), f + ": " + r.out());
        }
    }

    @Test
    void gemmRejectsLanesThatDoNotDivideTheBlock() {
        CommandLineTest.Run r = run("gemm", "-w", W, "-f", "nvfp4", "--param", "LANES=32", "--tokens", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("LANES = 32 must divide the block size 16") && r.err().contains("try --param LANES=16"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void gemmNamesANetlistThatIsNotADatapath() {
        CommandLineTest.Run r = run("gemm", "-w", W, "--netlist", "rtl-models/examples/counter.bdn", "--tokens", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rtl-models/examples/counter.bdn: not a datapath netlist"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void costOfAnyModuleUnderRandomInputs() {
        CommandLineTest.Run r = run("cost", "rtl-models/examples/adder_tree.bdn", "--cycles", "500", "--clock", "1GHz");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("500 cycles of uniform random inputs"), r.out());
        assertTrue(r.out().contains("cost (45nm, 1.00 GHz): area"), r.out());
    }

    @Test
    void costComparesDatapathsInOneTable() {
        CommandLineTest.Run r = run("cost", "rtl-models/datapaths/int8.bdn", "rtl-models/datapaths/dialectfp4.bdn",
                "-w", W, "--tokens", "1", "--weight-rows", "4", "--param", "LANES=8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| int8.bdn (int8) | 8 |"), r.out());
        assertTrue(r.out().contains("| dialectfp4.bdn (dialectfp4) | 8 |"), r.out());
    }

    /** Modules that are not datapaths compare by area and power; they do no MACs, so those columns say so instead of NaN. */
    @Test
    void costComparesModulesWithoutEnergyPerMac() {
        CommandLineTest.Run r = run("cost", "rtl-models/examples/adder_tree.bdn", "rtl-models/examples/counter.bdn", "--cycles", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| adder_tree.bdn (module adder_tree) | - | "), r.out());
        assertTrue(r.out().contains("| counter.bdn (module counter) | - | "), r.out());
        assertTrue(!r.out().contains("NaN"), r.out());
    }

    @Test
    void costRejectsABadClockAndAnUnknownLibrary() {
        CommandLineTest.Run r = run("cost", "rtl-models/examples/counter.bdn", "--clock", "fast");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--clock fast has no unit"), r.err());
        CommandLineTest.Run bare = run("cost", "rtl-models/examples/counter.bdn", "--clock", "500");
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("--clock 500 has no unit; write e.g. 500MHz, 1.2GHz or 250e6Hz"), bare.err());
        CommandLineTest.Run hz = run("cost", "rtl-models/examples/counter.bdn", "--clock", "250e6Hz", "--cycles", "10");
        assertEquals(0, hz.code(), hz.err());
        CommandLineTest.Run low = run("cost", "rtl-models/examples/counter.bdn", "--clock", "5Hz");
        assertTrue(low.err().contains("--clock 5Hz is not a frequency from 1 kHz to 1 THz"), low.err());
        r = run("cost", "rtl-models/examples/counter.bdn", "--tech", "7nm");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rtl-models/tech/7nm.tech: technology library not found"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void quantizerReportsBothSelectorsSideBySide() {
        CommandLineTest.Run r = run("quantizer", "traces/layer1.ffn_hidden.npy", "--tokens", "3", "--n", "2,8", "--breakdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("every code and block word equals the functional quantizer's"), r.out());
        // 3 rows x 1536 / 32 = 144 blocks of 2 chunks; latency 2N + 2; the last chunk leaves 2N + 1 cycles after the run's chunks
        assertTrue(r.out().matches("(?s).*two-stage\\s+2\\s+16\\s+6\\s+293\\s.*"), r.out());
        // the exhaustive selector's comparator tree takes the register stages 500 MHz needs: S more cycles of latency and of drain
        dev.bdsim.format.DialectFp4Format exh = (dev.bdsim.format.DialectFp4Format) dev.bdsim.quant.Formats.parse("dialectfp4-exh",
                dev.bdsim.quant.Formats.Options.defaults());
        int stages = dev.bdsim.gemm.CycleQuantizer.stagesFor(exh, 8, dev.bdsim.cost.TechLibrary.named("45nm"), 500e6);
        assertTrue(r.out().matches("(?s).*exhaustive\\s+8\\s+4\\s+" + (18 + stages) + "\\s+1," + (169 + stages) + "\\s.*"), r.out());
        assertTrue(r.out().contains("MseSelect") && r.out().contains("RangeCounter"), r.out());
    }

    @Test
    void quantizerRejectsWhatItCannotBuild() {
        CommandLineTest.Run r = run("quantizer", "--tokens", "1", "-f", "fp16");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("fp16 has no activation quantizer hardware (FP16 activations pass through unquantized)"), r.err());
        r = run("quantizer", "--tokens", "1", "--n", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("N = 3 must divide the block size 32"), r.err());
        r = run("quantizer", "--tokens", "1", "--param", "N=2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("set N with --n"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void goldenVerifyPrintsTheDifferenceAndExits3(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("int4.golden");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(java.nio.file.Path.of("traces/golden/int4.golden"))
                .replace("stall_cycles = 0", "stall_cycles = 2"));
        CommandLineTest.Run r = run("golden", "verify", "traces/golden/int8.golden", file.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("ok    traces/golden/int8.golden"), r.out());
        assertTrue(r.out().contains("DIFF  " + file) && r.out().contains("metric stall_cycles: golden 2, now 0 (-2)"), r.out());
        assertTrue(r.err().contains("check failed: 1 of 2 golden files differ"), r.err());
        assertNoStackTrace(r);
    }

    /** An RTL simulator's CSV against a case: agreement, a differing value (exit 3), an unknown signal (exit 2, the outputs listed). */
    @Test
    void goldenVerifyComparesAnRtlOutputStreamWithACase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        String golden = java.nio.file.Files.readString(java.nio.file.Path.of("traces/golden/mxfp4.golden"));
        StringBuilder csv = new StringBuilder("cycle,signal,value\n");
        for (String line : golden.substring(golden.indexOf("cycle,signal,value") + 19).split("\n")) {
            String[] f = line.split(",");
            csv.append(f[0]).append(',').append(f[1]).append(",0x").append(new java.math.BigInteger(f[2]).toString(16)).append('\n');
        }
        java.nio.file.Path rtl = java.nio.file.Files.writeString(dir.resolve("rtl.csv"), csv.toString());
        CommandLineTest.Run ok = run("golden", "verify", "mxfp4", "--events", rtl.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("agrees with case mxfp4"), ok.out());

        java.nio.file.Files.writeString(rtl, csv.toString().replace("\n7,acc,", "\n7,acc,0x1").replace("0x10x", "0x1"));
        CommandLineTest.Run diff = run("golden", "verify", "traces/golden/mxfp4.golden", "--events", rtl.toString());
        assertEquals(3, diff.code(), diff.out() + diff.err());
        assertTrue(diff.out().contains("output stream: first difference in cycle 7, signal acc"), diff.out());

        java.nio.file.Files.writeString(rtl, "cycle,signal,value\n0,accu,0\n");
        CommandLineTest.Run unknown = run("golden", "verify", "mxfp4", "--events", rtl.toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("signal 'accu' is not an output of case mxfp4; its outputs: acc, done"), unknown.err());
        assertNoStackTrace(unknown);
    }

    /** cost --synth with netlists synthesizes those, beside the model's area. */
    @Test
    void costSynthRunsTheGivenNetlists() {
        dev.bdsim.testutil.RequiredTool.require(dev.bdsim.synth.YosysArea.available()
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib")),
                "yosys or the OSU 0.18 um Liberty (Debian packages yosys, qflow-tech-osu018) missing");
        CommandLineTest.Run r = run("cost", "--synth", "rtl-models/examples/counter.bdn", "--param", "MAX=9");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| netlist (memories left out) | model (um^2, osu018) |"), r.out());
        assertTrue(r.out().matches("(?s).*\\| counter\\.bdn \\(module counter\\) \\| \\d+ \\| \\d+ \\| \\d+ \\| [0-9.]+ \\|.*"), r.out());
    }

    /**
     * Stall cycles are measured: streamed in batches, the array waits while the pipeline drains between them (3 cycles for the
     * 32-lane DialectFP4 datapath at DEPTH 1: operand registers, the tree stage, the block sum), so 8 rows in 4 batches stall
     * 3 x 3 cycles, and in one batch not at all; the last drain is not a stall.
     */
    @Test
    void stallCyclesAreTheDrainsBetweenBatches() throws Exception {
        com.fasterxml.jackson.databind.JsonNode four = JsonOutputTest.json("gemm", "traces/layer0.attn_in.npy", "--tokens", "8", "--batch", "2");
        com.fasterxml.jackson.databind.JsonNode one = JsonOutputTest.json("gemm", "traces/layer0.attn_in.npy", "--tokens", "8", "--batch", "8");
        assertEquals(0, one.path("stall_cycles").asLong());
        assertEquals(3, one.path("idle_cycles").asLong(), "the pipeline's drain");
        assertEquals(9, four.path("stall_cycles").asLong());
        assertEquals(12, four.path("idle_cycles").asLong());
        assertEquals(one.path("cycles").asLong() + 9, four.path("cycles").asLong());
    }

    /** gemm reports its progress on stderr (here from the start, as if it ran long), as plain lines when stderr is not a terminal. */
    @Test
    void gemmPrintsProgressLines() {
        System.setProperty("bdsim.progress.quiet", "0");
        try {
            CommandLineTest.Run r = run("gemm", "traces/layer0.attn_in.npy", "-w", W, "-f", "int4", "--tokens", "16", "--batch", "4");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.err().lines().filter(l -> l.contains(" rows, ")).toList();
            assertTrue(lines.size() >= 2 && lines.get(lines.size() - 1).contains("16/16 rows"), r.err());
            assertTrue(!r.err().contains("\r"), "plain lines off a terminal");
        } finally {
            System.clearProperty("bdsim.progress.quiet");
        }
    }

    /** cost --yosys with netlists counts those with Yosys beside the proxy; one netlist has no correlation to report. */
    @Test
    void costYosysRunsTheGivenNetlists() throws Exception {
        dev.bdsim.testutil.RequiredTool.require(dev.bdsim.synth.YosysArea.available(), "yosys (Debian package yosys) missing");
        com.fasterxml.jackson.databind.JsonNode doc = JsonOutputTest.json("cost", "--yosys", "rtl-models/examples/counter.bdn", "--param", "MAX=9");
        com.fasterxml.jackson.databind.JsonNode row = doc.path("units").get(0);
        assertEquals("counter.bdn (module counter)", row.path("unit").asText());
        assertTrue(row.path("yosys_cells").asInt() > 0 && row.path("proxy_ge").asDouble() > 0, row.toString());
        assertEquals(row.path("proxy_ge").asDouble() / row.path("yosys_ge").asDouble(), row.path("proxy_over_yosys").asDouble(), 1e-12);
        assertTrue(doc.path("pearson").isNull(), "no correlation over one netlist");
    }

    /** cost --stimulus drives any module from a stimulus file; the energy per operation is the run's energy over --ops. */
    @Test
    void costTakesAStimulusAndReportsEnergyPerOperation() throws Exception {
        com.fasterxml.jackson.databind.JsonNode doc = JsonOutputTest.json("cost", "rtl-models/examples/pipeline.bdn", "--stimulus",
                "rtl-models/examples/pipeline.stim", "--ops", "10");
        com.fasterxml.jackson.databind.JsonNode row = doc.path("netlists").get(0);
        assertTrue(row.path("netlist").asText().contains("13 cycles of inputs from rtl-models/examples/pipeline.stim"), row.toString());
        double energyPj = row.path("power_uw").asDouble() * 1e-6 * 13 / 500e6 * 1e12;
        assertEquals(energyPj / 10, row.path("energy_pj_per_operation").asDouble(), 1e-9, "13 cycles at 500 MHz over 10 operations");
        assertEquals(10, row.path("operations").asLong());
        assertTrue(row.path("energy_pj_per_mac").isNull(), "a pipeline does no MACs");

        com.fasterxml.jackson.databind.JsonNode random = JsonOutputTest.json("cost", "rtl-models/examples/pipeline.bdn", "--cycles", "13");
        assertTrue(random.path("netlists").get(0).path("power_uw").asDouble() != row.path("power_uw").asDouble(),
                "the stimulus, not random inputs, drove the run");

        CommandLineTest.Run bad = run("cost", "rtl-models/examples/pipeline.bdn", "--stimulus", "nonexistent.stim");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("nonexistent.stim") && !bad.err().contains("\tat "), bad.err());
    }
}
