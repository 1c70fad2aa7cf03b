package dev.bdsim.kernel;

import dev.bdsim.lib.Kind;
import dev.bdsim.lib.Library;
import dev.bdsim.lib.Params;
import dev.bdsim.lib.SingleInstance;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled engine against the event-driven kernel: the same circuit elaborated twice, one
 * simulator on each engine, the same random inputs (and resets) every cycle; every net's value
 * every cycle, then every component's activity and the event count, must be equal.
 */
class CompiledEngineTest {
    static final int CYCLES = 300;

    /** Every kind at its example parameters with three lanes where it has lanes, at depth 3 where it has a depth, and at 64 and 100 bits where it has a width. */
    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (Kind kind : Library.STANDARD_KINDS) {
            Map<String, Object> base = new LinkedHashMap<>(kind.exampleParameters());
            if (kind.param("lanes") != null) {
                base.put("lanes", 3L);
            }
            out.add(new Object[] {kind, base});
            if (kind.param("depth") != null) {
                // state that no output shows yet (a delay line's inner stages), signed so the stored width is masked
                Map<String, Object> deep = new LinkedHashMap<>(base);
                deep.put("depth", 3L);
                if (kind.param("signed") != null) {
                    deep.put("signed", 1L);
                }
                if (builds(kind, deep)) {
                    out.add(new Object[] {kind, deep});
                }
            }
            if (kind.param("width") != null) {
                for (long width : new long[] {64, 100}) {
                    if (width > kind.param("width").max()) {
                        continue;
                    }
                    Map<String, Object> wide = new LinkedHashMap<>(base);
                    wide.put("width", width);
                    if (kind.param("signed") != null) {
                        wide.put("signed", 1L);
                    }
                    if (builds(kind, wide)) {
                        out.add(new Object[] {kind, wide});
                    }
                }
            }
        }
        return out.stream();
    }

    private static boolean builds(Kind kind, Map<String, Object> params) {
        try {
            kind.factory().create("x", new Params(params, Path.of("rtl-models/datapaths")));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void everyKindRunsTheSameUnderBothEngines(Kind kind, Map<String, Object> params, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("wrap.bdn");
        Files.writeString(file, SingleInstance.netlist(kind, params));
        // QuarterScaler reads FP16 magnitudes: finite ones only, as its callers give it
        long[] limit = kind.name().equals("QuarterScaler") ? new long[] {0x7bff} : null;
        assertSameRun(file, kind.name().hashCode(), limit);
    }

    /** Expressions (slices, concatenation, casts, logic) on narrow and wide, signed and unsigned signals, through registers. */
    @Test
    void wiringAndLogicOfEveryWidthRunTheSame(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("expr.bdn");
        Files.writeString(file, String.join("\n",
                "module expr {",
                "  clock clk",
                "  reset rst",
                "  in  a : s100",
                "  in  b : u70",
                "  in  c : u3[4]",
                "  in  d : s7",
                "  out y : u100",
                "  out z : s64",
                "  out w : u3[4]",
                "  out v : u80",
                "  inst r = Register(width = 100, signed = 1)",
                "  a ^ sext(b, 100) -> r.d",
                "  unsigned(r.q) -> y",
                "  trunc(signed(r.q[99:30]) + sext(d, 70), 64) -> z",
                "  ~c -> w",
                "  zext({b[69:60], d, c[2], a[99:40]}, 80) -> v",
                "}"));
        assertSameRun(file, 7, null);
    }

    @Test
    void aShippedDatapathRunsTheSame() throws IOException {
        assertSameRun(Path.of("rtl-models/datapaths/dialectfp4.bdn"), 11, null);
        assertSameRun(Path.of("rtl-models/datapaths/mxfp6.bdn"), 12, null);
    }

    @Test
    void theFunctionalEngineComputesTheSameValuesAndRefusesActivity(@TempDir Path dir) throws IOException {
        Path file = Path.of("rtl-models/datapaths/nvfp4.bdn");
        Netlist event = Elaborator.elaborate(file, null, Map.of());
        Netlist functional = Elaborator.elaborate(file, null, Map.of());
        Simulator e = new Simulator(event.circuit(), Simulator.Engine.EVENT);
        Simulator f = new Simulator(functional.circuit(), Simulator.Engine.FUNCTIONAL);
        assertEquals(Simulator.Engine.FUNCTIONAL, f.engine());
        drive(event, e, functional, f, 5, null);
        IllegalStateException refused = assertThrows(IllegalStateException.class, f::activity);
        assertTrue(refused.getMessage().contains("records no activity"), refused.getMessage());
    }

    @Test
    void byDefaultDatapathsRunCompiledAndAcceleratorsOnTheEventKernel() throws IOException {
        Netlist datapath = Elaborator.elaborate(Path.of("rtl-models/datapaths/dialectfp4.bdn"), null, Map.of());
        Netlist accelerator = Elaborator.elaborate(Path.of("rtl-models/accelerators/dialectfp4.bdn"), null, Map.of());
        assertTrue(accelerator.circuit().components().size() > Simulator.Engine.COMPILED_BY_DEFAULT_UP_TO);
        assertEquals(Simulator.Engine.COMPILED, Simulator.Engine.configured(datapath.circuit()));
        assertEquals(Simulator.Engine.EVENT, Simulator.Engine.configured(accelerator.circuit()));
    }

    @Test
    void aCircuitWithCombinationalLoopsStaysOnTheEventKernel() {
        Circuit c = new Circuit();
        c.allowCombinationalLoops();
        assertEquals(Simulator.Engine.EVENT, new Simulator(c, Simulator.Engine.COMPILED).engine());
    }

    private static void assertSameRun(Path file, long seed, long[] limit) throws IOException {
        Netlist event = Elaborator.elaborate(file, null, Map.of());
        Netlist compiled = Elaborator.elaborate(file, null, Map.of());
        Simulator e = new Simulator(event.circuit(), Simulator.Engine.EVENT);
        Simulator c = new Simulator(compiled.circuit(), Simulator.Engine.COMPILED);
        assertEquals(Simulator.Engine.COMPILED, c.engine(), file.toString());
        drive(event, e, compiled, c, seed, limit);
        List<Activity> expected = e.activity();
        List<Activity> actual = c.activity();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), file + ": activity of " + expected.get(i).instance());
        }
        assertEquals(e.events(), c.events(), file + ": events");
    }

    /** The same random inputs into both every cycle (a reset now and then), every net compared after each cycle. */
    private static void drive(Netlist a, Simulator sa, Netlist b, Simulator sb, long seed, long[] limit) {
        Random rnd = new Random(seed);
        int nets = a.circuit().netCount();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int p = 0; p < a.inputs().size(); p++) {
                Netlist.TopPort in = a.inputs().get(p);
                for (int l = 0; l < in.lanes(); l++) {
                    long low = rnd.nextLong();
                    long high = rnd.nextLong();
                    if (in.name().equals(a.resetPort())) {
                        low = rnd.nextInt(40) == 0 ? 1 : 0;
                    } else if (limit != null) {
                        low = Math.floorMod(low, limit[0] + 1);
                    } else if (rnd.nextInt(4) == 0) {
                        low &= 3; // small values too, so narrow paths (zero high words, short carries) are taken
                        high = low;
                    }
                    sa.setWide(in.nets()[l], low, high);
                    sb.setWide(b.inputs().get(p).nets()[l], low, high);
                }
            }
            sa.tick();
            sb.tick();
            sa.settle();
            sb.settle();
            for (int n = 0; n < nets; n++) {
                if (!sa.valueNow(n).equals(sb.valueNow(n))) {
                    throw new AssertionError(a.file() + ": net " + a.circuit().netName(n) + " after cycle " + cycle + ": event "
                            + sa.valueNow(n) + ", compiled " + sb.valueNow(n));
                }
            }
        }
    }
}
