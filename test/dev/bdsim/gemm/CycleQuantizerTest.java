package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quant.Formats;
import dev.bdsim.quant.SpecWorkedExamplesTest;
import dev.bdsim.testutil.Tensors;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** The quantizer netlist, both selectors, against the functional quantizers, and its cycle counts. */
class CycleQuantizerTest {
    private static DialectFp4Format format(String id) {
        return (DialectFp4Format) Formats.parse(id, Formats.Options.defaults());
    }

    private static CycleQuantizer.Output quantizeAndCheck(String id, int n, Fp16Matrix rows) {
        DialectFp4Format f = format(id);
        CycleQuantizer q = new CycleQuantizer(CycleQuantizer.NETLIST, Map.of("N", Integer.toString(n)), f);
        CycleQuantizer.Output out = q.quantize(rows);
        QuantizedTensor reference = f.quantize(rows, BlockFormat.Role.ACTIVATION);
        int at = out.firstMismatch(reference);
        assertEquals(-1, at, () -> id + " N=" + n + " on " + rows.name() + ": first difference at "
                + (at < out.codes().length ? "code " + at + ": hardware " + out.codes()[at] + ", reference " + reference.codes()[at]
                : "block word " + (at - out.codes().length)));
        return out;
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4, 1, traces/layer0.attn_in.npy", "dialectfp4, 4, traces/layer3.ffn_hidden.npy",
            "dialectfp4, 32, traces/layer5.attn_ctx.npy", "dialectfp4-exh, 1, traces/layer0.attn_in.npy",
            "dialectfp4-exh, 8, traces/layer2.ffn_hidden.npy", "dialectfp4@64, 2, traces/layer4.ffn_in.npy",
            "dialectfp4-exh@16, 16, traces/layer1.attn_in.npy", "dialectfp4@8, 1, traces/layer1.ffn_in.npy",
            "dialectfp4:encode=quarter, 1, traces/layer0.attn_in.npy", "dialectfp4-exh@64:encode=quarter, 4, traces/layer3.ffn_hidden.npy"})
    void codesAndBlockWordsEqualTheFunctionalQuantizer(String id, int n, String trace) {
        quantizeAndCheck(id, n, Traces.open(trace).readRows(0, 12));
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4", "dialectfp4:encode=quarter", "dialectfp4-exh", "dialectfp4-exh:encode=quarter"})
    void everyShippedTraceUnderBothEncodings(String id) {
        for (ShippedTraces.Entry t : ShippedTraces.load().tensors()) {
            quantizeAndCheck(id, 1, Traces.open(t.path().toString()).readAll());
        }
    }

    /** The exhaustive selector's comparator tree cut by S registers: the same codes, S cycles later (2N + 2 + S), whatever S. */
    @ParameterizedTest
    @CsvSource({"1, 0", "1, 1", "1, 2", "1, 4", "4, 1", "4, 3", "32, 2"})
    void pipelineStagesDelayTheExhaustiveSelectorByThemselves(int n, int stages) {
        DialectFp4Format f = format("dialectfp4-exh");
        Fp16Matrix rows = Traces.open("traces/layer0.attn_in.npy").readRows(0, 8);
        CycleQuantizer q = new CycleQuantizer(CycleQuantizer.NETLIST, Map.of("N", Integer.toString(n), "SELECT_STAGES",
                Integer.toString(stages)), f);
        CycleQuantizer.Output out = q.quantize(rows);
        assertEquals(-1, out.firstMismatch(f.quantize(rows, BlockFormat.Role.ACTIVATION)));
        assertEquals(2L * n + 2 + stages, q.stats().latencyCycles());
    }

    /**
     * The stages a clock needs: none at a slow clock; at 500 MHz (45 nm) the fewest with which the quantizer's static timing,
     * the paths into the comparator tree included, meets the period, when some number does.
     */
    @Test
    void theSelectorsStagesFollowTheQuantizersTimingAndTheClock() {
        DialectFp4Format f = format("dialectfp4-exh");
        dev.bdsim.cost.TechLibrary tech = dev.bdsim.cost.TechLibrary.named("45nm");
        assertEquals(0, CycleQuantizer.stagesFor(f, 1, tech, 100e6));
        int s = CycleQuantizer.stagesFor(f, 1, tech, 500e6);
        assertTrue(s > 0, "the whole tree does not fit 2 ns");
        java.util.function.IntToDoubleFunction maxHz = k -> dev.bdsim.flow.Flow.timing(new CycleQuantizer(CycleQuantizer.NETLIST,
                Map.of("N", "1", "SELECT_STAGES", Integer.toString(k)), f).netlist(), tech).maxClockHz();
        assertTrue(maxHz.applyAsDouble(s - 1) < 500e6, "one stage fewer is too slow");
        int levels = new dev.bdsim.lib.MseSelect("m", f.formatbook(), 32, 32).treeLevels();
        assertTrue(maxHz.applyAsDouble(s) >= 500e6 || s == levels || maxHz.applyAsDouble(s + 1) <= maxHz.applyAsDouble(s) * (1 + 1e-9),
                "it meets the clock, or more stages would not be faster");
        Map<String, String> p = CycleQuantizer.clocked(CycleQuantizer.NETLIST, Map.of("N", "1"), f, tech, 500e6);
        assertEquals(Integer.toString(s), p.get("SELECT_STAGES"));
        assertTrue(!CycleQuantizer.clocked(CycleQuantizer.NETLIST, Map.of("N", "1"), format("dialectfp4"), tech, 500e6)
                .containsKey("SELECT_STAGES"), "the two-stage selector is not cut");
    }

    @Test
    void outliersTinyValuesZerosAndAShortLastBlockToo() {
        quantizeAndCheck("dialectfp4", 2, Tensors.activations(7, 9, 100));
        quantizeAndCheck("dialectfp4-exh", 4, Tensors.activations(8, 9, 100));
        quantizeAndCheck("dialectfp4:encode=quarter", 2, Tensors.activations(7, 9, 100));
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4, " + SpecWorkedExamplesTest.BLOCK_A_TWO_STAGE, "dialectfp4:encode=quarter, " + SpecWorkedExamplesTest.BLOCK_A_TWO_STAGE_QUARTER})
    void specWorkedExampleAGivesItsCodes(String id, String codes) {
        Fp16Matrix block = Fp16Matrix.fromDoubles("spec block A", 1, 32, SpecWorkedExamplesTest.BLOCK_A);
        int[] twoStage = SpecWorkedExamplesTest.codes(codes);
        CycleQuantizer.Output out = quantizeAndCheck(id, 4, block);
        assertArrayEquals(twoStage, out.codes());
        assertEquals(0 << 5 | 15, out.blockWords()[0]);
        CycleQuantizer.Output exh = quantizeAndCheck(id.replace("dialectfp4", "dialectfp4-exh"), 4, block);
        twoStage[15] = 7;
        assertArrayEquals(twoStage, exh.codes());
        assertEquals(4 << 5 | 15, exh.blockWords()[0]);
    }

    @ParameterizedTest
    @CsvSource({"dialectfp4, 1, 5", "dialectfp4, 4, 3", "dialectfp4-exh, 2, 7", "dialectfp4@64, 8, 2", "dialectfp4-exh, 32, 1"})
    void oneBlockPerNCyclesAfterALatencyOf2NPlus2(String id, int n, int rows) {
        DialectFp4Format f = format(id);
        CycleQuantizer q = new CycleQuantizer(CycleQuantizer.NETLIST, Map.of("N", Integer.toString(n)), f);
        int b = f.blockSize();
        q.quantize(Tensors.activations(3, rows, 2 * b));
        CycleQuantizer.Stats s = q.stats();
        // blocks enter back to back, one chunk per cycle; a chunk entering in cycle c has its codes on the output in
        // cycle c + 2N + 2, so the last of the 2 * rows * N chunks (c = 2 * rows * N - 1) leaves in cycle 2 * rows * N + 2N + 1
        assertEquals(2L * n + 2, s.latencyCycles());
        assertEquals(2L * rows * n + 2L * n + 1, s.cycles());
        assertEquals(2L * rows, s.blocks());
        assertEquals(b / n, s.lanes());
    }

    @Test
    void anAllZeroBlockHasDialectZero() {
        CycleQuantizer.Output out = quantizeAndCheck("dialectfp4", 1, Fp16Matrix.fromDoubles("zeros", 2, 32, new double[64]));
        assertArrayEquals(new long[] {0, 0}, out.blockWords());
    }

    @Test
    void badParametersAreClearErrors() {
        DialectFp4Format f = format("dialectfp4");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new CycleQuantizer(CycleQuantizer.NETLIST, Map.of("N", "3"), f));
        assertTrue(e.getMessage().contains("N = 3 must divide the block size 32"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new CycleQuantizer(CycleQuantizer.NETLIST, Map.of("SELECT", "exhaustive"), f));
        assertTrue(e.getMessage().contains("choose the format instead"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new CycleQuantizer(Datapaths.of("dialectfp4"), Map.of(), f));
        assertTrue(e.getMessage().contains("not a quantizer netlist"), e.getMessage());
    }
}
