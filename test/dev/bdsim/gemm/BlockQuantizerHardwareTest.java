package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.Formatbook;
import dev.bdsim.format.MxFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.format.Rounding;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quant.Formats;
import dev.bdsim.testutil.Tensors;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The power-of-two block-scaled formats' quantizer netlist (MX, INT4/INT8) against the functional quantizers: codes, scales, cycle counts. */
class BlockQuantizerHardwareTest {
    private static BlockFormat format(String id, Rounding rounding) {
        return Formats.parse(id, new Formats.Options(32, rounding, Formatbook.standard()));
    }

    private static int firstMismatch(BlockFormat f, Path netlist, int n, Fp16Matrix rows) {
        CycleQuantizer q = new CycleQuantizer(netlist, Map.of("N", Integer.toString(n)), f);
        return q.quantize(rows).firstMismatch(f.quantize(rows, BlockFormat.Role.ACTIVATION));
    }

    private static void check(BlockFormat f, int n, Fp16Matrix rows) {
        assertEquals(-1, firstMismatch(f, null, n, rows), () -> f.label() + " N=" + n + " on " + rows.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mxfp4", "mxfp6-e2m3", "mxfp6-e3m2", "mxfp8-e4m3", "mxfp8-e5m2", "mxint8", "int4", "int8", "nvfp4"})
    void everyShippedTraceBitForBit(String id) {
        BlockFormat f = format(id, Rounding.NEAREST_EVEN);
        for (ShippedTraces.Entry t : ShippedTraces.load().tensors()) {
            check(f, 1, Traces.open(t.path().toString()).readAll());
        }
    }

    @ParameterizedTest
    @CsvSource({"mxfp4, 4", "mxfp6-e3m2, 32", "mxfp8-e4m3, 2", "mxint8, 8", "mxfp4@16, 2", "mxfp8-e5m2@64, 4", "int4, 4", "int8@64, 2",
            "nvfp4, 2", "nvfp4@32, 8"})
    void tiesAwayChunksOtherBlockSizesOutliersTinyValuesAndAShortLastBlock(String id, int n) {
        for (Rounding r : Rounding.values()) {
            BlockFormat f = format(id, r);
            check(f, n, Traces.open("traces/layer3.ffn_hidden.npy").readRows(0, 6));
            check(f, n, Tensors.activations(7, 9, 100));
            check(f, n, Fp16Matrix.fromDoubles("zeros", 1, 64, new double[64]));
        }
    }

    @Test
    void anAllZeroBlockHasScale127AndTheHalfwayCasesRoundAsTheSpecSays() {
        // E2M1 over X = 1: 0.25 is halfway between 0 and 0.5 (to index 0, the even one), 2.5 between 2 and 3 (to 2, index 4),
        // 5 between 4 and 6 (to 4, index 6); away from zero: 0.5, 3 and 6; 7 saturates at 6
        double[] v = {6, 0.25, 2.5, -2.5, 5, 7, 0, 0};
        Fp16Matrix block = Fp16Matrix.fromDoubles("halfway", 1, 8, v);
        int[] even = {0x7, 0x0, 0x4, 0xC, 0x6, 0x7, 0, 0};
        int[] away = {0x7, 0x1, 0x5, 0xD, 0x7, 0x7, 0, 0};
        for (Rounding r : Rounding.values()) {
            BlockFormat f = format("mxfp4@8", r);
            CycleQuantizer.Output out = new CycleQuantizer(null, Map.of("N", "1"), f).quantize(block);
            assertEquals(127 + 2 - 2, out.blockWords()[0], "floor(log2 6) - emax + 127");
            assertEquals(java.util.Arrays.toString(r == Rounding.NEAREST_EVEN ? even : away), java.util.Arrays.toString(out.codes()));
        }
        // INT4 over a block maximum of 7: X = 1 (7 * 2^0 >= 7), 7.5 would need X = 2; 2.5 halfway between 2 and 3
        CycleQuantizer.Output ints = new CycleQuantizer(null, Map.of("N", "1"), format("int4@8", Rounding.NEAREST_EVEN))
                .quantize(Fp16Matrix.fromDoubles("int4", 1, 8, new double[] {7, 2.5, -3.5, 0.5, 1.5, 0, 0, 0}));
        assertEquals(127, ints.blockWords()[0]);
        assertEquals(java.util.Arrays.toString(new int[] {7, 2, 0xC, 0, 2, 0, 0, 0}), java.util.Arrays.toString(ints.codes()));
        CycleQuantizer.Output zeros = new CycleQuantizer(null, Map.of("N", "1"), format("mxfp4", Rounding.NEAREST_EVEN))
                .quantize(Fp16Matrix.fromDoubles("zeros", 1, 32, new double[32]));
        assertEquals(127, zeros.blockWords()[0]);
    }

    @ParameterizedTest
    @CsvSource({"mxfp4, 1, 5", "mxfp8-e5m2, 4, 3", "mxint8@64, 8, 2"})
    void oneBlockPerNCyclesAfterALatencyOfNPlus2(String id, int n, int rows) {
        BlockFormat f = format(id, Rounding.NEAREST_EVEN);
        CycleQuantizer q = new CycleQuantizer(null, Map.of("N", Integer.toString(n)), f);
        int b = f.blockSize();
        q.quantize(Tensors.activations(3, rows, 2 * b));
        CycleQuantizer.Stats s = q.stats();
        // a chunk entering in cycle c leaves in cycle c + N + 2: the last of the 2 * rows * N chunks in cycle 2 * rows * N + N + 1
        assertEquals(n + 2L, s.latencyCycles());
        assertEquals(2L * rows * n + n + 1, s.cycles());
        assertEquals(2L * rows, s.blocks());
    }

    /** The check fails when the hardware rounds differently: an encoder wired for ties away in a run that rounds to even. */
    @Test
    void aNetlistThatRoundsTiesAwayIsCaught(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String text = Files.readString(CycleQuantizer.BLOCK_NETLIST).replace("ties = TIES", "ties = \"away\"");
        Path planted = Files.writeString(dir.resolve("block_quantizer.bdn"), text);
        Files.copy(CycleQuantizer.BLOCK_NETLIST.resolveSibling("frame.bdn"), dir.resolve("frame.bdn"));
        Fp16Matrix rows = Traces.open("traces/layer0.attn_in.npy").readRows(0, 16);
        BlockFormat f = format("mxfp4", Rounding.NEAREST_EVEN);
        assertEquals(-1, firstMismatch(f, CycleQuantizer.BLOCK_NETLIST, 1, rows));
        assertNotEquals(-1, firstMismatch(f, planted, 1, rows));
    }

    @Test
    void formatsWithoutQuantizerHardwareAndParametersTheFormatSetsAreClearErrors() {
        BadInputException e = assertThrows(BadInputException.class, () -> CycleQuantizer.of(format("fp16", Rounding.NEAREST_EVEN)));
        assertTrue(e.getMessage().contains("fp16 has no activation quantizer hardware (FP16 activations pass through unquantized)")
                && e.getMessage().contains("NVFP4"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new CycleQuantizer(null, Map.of("EMAX", "3"), format("mxfp4", Rounding.NEAREST_EVEN)));
        assertTrue(e.getMessage().contains("--param EMAX is set by the format"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new CycleQuantizer(CycleQuantizer.NETLIST, Map.of(), format("mxfp4", Rounding.NEAREST_EVEN)));
        assertTrue(e.getMessage().contains("not a quantizer netlist for mxfp4"), e.getMessage());
        assertTrue(MxFormat.class.isInstance(format("mxint8", Rounding.NEAREST_EVEN)));
    }
}
