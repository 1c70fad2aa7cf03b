package dev.bdsim.verilog;

import dev.bdsim.cosim.Cosim;
import dev.bdsim.cost.CostModel;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.io.Processes;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.lib.Kind;
import dev.bdsim.lib.Library;
import dev.bdsim.lib.ParamSpec;
import dev.bdsim.lib.Params;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.netlist.Stimulus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Every kind of the library builds from sample parameters, has an area unless it is wiring, and its
 * Verilog compiles in Icarus Verilog and agrees with the Java model over random cycles.
 */
class LibraryCompletenessTest {
    static final int CYCLES = 40;

    static Stream<Kind> kinds() {
        return Library.STANDARD_KINDS.stream();
    }

    /** The kind's example parameters with two lanes where it has lanes, so lane handling is exercised too. */
    static Map<String, Object> sampleParameters(Kind kind) {
        Map<String, Object> values = new LinkedHashMap<>(kind.exampleParameters());
        if (kind.param("lanes") != null) {
            values.put("lanes", 2L);
        }
        return values;
    }

    static Component sample(Kind kind) {
        return kind.factory().create("x", new Params(sampleParameters(kind), Path.of("rtl-models/datapaths")));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyKindBuildsAndHasAnAreaUnlessItIsWiring(Kind kind) {
        Component c = sample(kind);
        assertEquals(kind.name(), c.typeName());
        double area = new CostModel(TechLibrary.named("45nm")).areaGe(c, dev.bdsim.cost.Flattening.NONE);
        if (kind.group() == Group.WIRING) {
            assertEquals(0, area, kind.name());
        } else {
            assertTrue(area > 0, kind.name() + " has no area");
        }
    }

        /** Random input values for every cycle, within each port's range; the reset stays with its default (cycle 0). */
    static String stimulus(Component c, long seed) {
        Random rnd = new Random(seed);
        List<String> columns = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        for (Port p : c.ports()) {
            if (!p.isInput()) {
                continue;
            }
            int w = Math.min(p.type().width(), 62);
            long lo = p.type().signed() ? -(1L << (w - 1)) : 0;
            long hi = p.type().signed() ? (1L << (w - 1)) - 1 : (1L << w) - 1;
            if (c.typeName().equals("QuarterScaler") && p.name().equals("x")) {
                hi = 0x7bff; // finite FP16 magnitudes only
            }
            for (int l = 0; l < p.lanes(); l++) {
                columns.add("i_" + p.name() + (p.lanes() > 1 ? "[" + l + "]" : ""));
                ranges.add(new long[] {lo, hi});
            }
        }
        StringBuilder s = new StringBuilder(String.join(" ", columns)).append('\n');
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int i = 0; i < ranges.size(); i++) {
                long[] r = ranges.get(i);
                s.append(i == 0 ? "" : " ").append(r[0] + Math.floorMod(rnd.nextLong(), r[1] - r[0] + 1));
            }
            s.append('\n');
        }
        return s.toString();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyKindsVerilogCompilesAndAgreesWithTheJavaModel(Kind kind, @TempDir Path dir) throws Exception {
        assertAgreesInIcarus(kind, sampleParameters(kind), stimulus(sample(kind), kind.name().hashCode()), CYCLES, dir);
    }

    /** The quarter-unit shift at every block exponent, for finite elements of every exponent, saturating or not. */
    @Test
    void quarterScalersVerilogAgreesAtEveryBlockAndElementExponent(@TempDir Path dir) throws Exception {
        StringBuilder s = new StringBuilder("i_ebits i_x[0] i_x[1]\n");
        int[] fractions = {0, 1, 0x155, 0x200, 0x2aa, 0x3ff};
        int cycles = 0;
        for (int ebits = 0; ebits < 32; ebits++) {
            for (int e = 0; e < 31; e++) {
                for (int f : fractions) {
                    s.append(ebits).append(' ').append(e << 10 | f).append(' ').append(e << 10 | (0x3ff - f)).append('\n');
                    cycles++;
                }
            }
        }
        assertAgreesInIcarus(dev.bdsim.lib.QuarterScaler.KIND, sampleParameters(dev.bdsim.lib.QuarterScaler.KIND), s.toString(), cycles, dir);
    }

    /**
     * Signed and mixed multipliers (written as Baugh-Wooley arrays) on every operand pair, with and without the
     * conditional negation.
     */
    @ParameterizedTest
    @CsvSource({"4, 1, 4, 1, 0", "8, 1, 8, 1, 1", "5, 1, 3, 0, 0", "3, 0, 6, 1, 1", "2, 1, 2, 1, 0", "1, 1, 4, 1, 0"})
    void signedMultipliersVerilogAgreesOnEveryOperandPair(int aBits, int aSigned, int bBits, int bSigned, int negate,
                                                           @TempDir Path dir) throws Exception {
        Kind kind = dev.bdsim.lib.Multiplier.KIND;
        Map<String, Object> params = new LinkedHashMap<>(Map.of("a_bits", (long) aBits, "a_signed", (long) aSigned, "b_bits", (long) bBits,
                "b_signed", (long) bSigned, "negate", (long) negate, "lanes", 2L));
        StringBuilder s = new StringBuilder("i_a[0] i_a[1] i_b[0] i_b[1]" + (negate == 1 ? " i_neg[0] i_neg[1]" : "") + "\n");
        long aLow = aSigned == 1 ? -(1L << (aBits - 1)) : 0;
        long bLow = bSigned == 1 ? -(1L << (bBits - 1)) : 0;
        int cycles = 0;
        for (long x = aLow; x < aLow + (1L << aBits); x++) {
            for (long y = bLow; y < bLow + (1L << bBits); y++) {
                // lane 1 walks the pairs backwards, so each lane sees every pair beside another
                long x1 = 2 * aLow + (1L << aBits) - 1 - x;
                long y1 = 2 * bLow + (1L << bBits) - 1 - y;
                s.append(x).append(' ').append(x1).append(' ').append(y).append(' ').append(y1)
                        .append(negate == 1 ? " " + (cycles & 1) + " " + (cycles >> 1 & 1) : "").append('\n');
                cycles++;
            }
        }
        assertAgreesInIcarus(kind, params, s.toString(), cycles, dir);
    }

    /** Pipelined adder trees, their registers between the levels where the model has them, on random inputs and enables. */
    @ParameterizedTest
    @CsvSource({"8, 1", "8, 2", "8, 3", "5, 2", "32, 5", "6, 3", "3, 2", "1, 1"})
    void pipelinedAdderTreesVerilogAgrees(int inputs, int pipeline, @TempDir Path dir) throws Exception {
        Kind kind = dev.bdsim.lib.AdderTree.KIND;
        Map<String, Object> params = new LinkedHashMap<>(kind.exampleParameters());
        params.put("inputs", (long) inputs);
        params.put("pipeline", (long) pipeline);
        params.put("signed", 1L);
        Component c = kind.factory().create("x", new Params(params, Path.of("rtl-models/datapaths")));
        assertAgreesInIcarus(kind, params, stimulus(c, 31L * inputs + pipeline), CYCLES, dir);
    }

    private static void assertAgreesInIcarus(Kind kind, Map<String, Object> params, String stimulus, int cycles, Path dir) throws Exception {
        requireIcarus();
        Component c = kind.factory().create("x", new Params(params, Path.of("rtl-models/datapaths")));
        Path netlistFile = dir.resolve("wrap.bdn");
        Files.writeString(netlistFile, dev.bdsim.lib.SingleInstance.netlist(kind, params));
        Netlist n = Elaborator.elaborate(netlistFile, null, Map.of());
        Path stim = dir.resolve("wrap.stim");
        Files.writeString(stim, stimulus);
        boolean inputs = c.ports().stream().anyMatch(Port::isInput);
        VerilogExporter.Export e = VerilogExporter.export(n, dir);
        Testbench.selfChecking(n, e.top(), inputs ? Stimulus.load(stim, n) : Stimulus.none(n), cycles, dir);
        String out = Processes.exec(dir, List.of("iverilog", "-g2005", "-o", "sim", Testbench.TESTBENCH, e.file().getFileName().toString()))
                + Processes.exec(dir, List.of("vvp", "-n", "sim"));
        assertTrue(out.contains("PASS: " + (cycles + 1) + " cycles match"), kind.name() + ":\n" + out);
    }

    @Test
    void aComponentWithoutCostOrVerilogModelIsAClearError() {
        Component bare = new Component("probe") {
            @Override
            public String typeName() {
                return "Probe";
            }
        };
        bare.setOrigin("test.bdn:3:5");
        var e = assertThrows(dev.bdsim.BadInputException.class, () -> CostModel.formula(bare));
        assertEquals("probe (Probe, test.bdn:3:5) has no cost model; only library components can be priced", e.getMessage());
    }

    private static void requireIcarus() {
        dev.bdsim.testutil.RequiredTool.require(Cosim.Tool.ICARUS.available(), Cosim.Tool.ICARUS.missing());
    }
}
