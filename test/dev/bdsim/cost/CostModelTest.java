package dev.bdsim.cost;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.lib.Multiplier;
import dev.bdsim.lib.Register;
import dev.bdsim.lib.Sram;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

class CostModelTest {
    static final TechLibrary TECH = TechLibrary.named("45nm");
    static final CostModel MODEL = new CostModel(TECH);

    @Test
    void areasFollowTheStructuralFormulas() {
        Multiplier m = new Multiplier("m", SignalType.unsigned(4), SignalType.unsigned(4), 8, true);
        // per lane 16 partial-product ANDs, (4 - 1) x 4 = 12 adders of which 4 half adders, and an XOR per bit of the
        // 9-bit product for the negation (its +1 enters the array's carry-in)
        assertEquals(8 * (16 * 1.33 + 8 * 5.33 + 4 * 3.33 + 9 * 2.0), CostModel.formula(m).shape(MODEL.tech()).areaGe(), 1e-9);
        Register r = new Register("r", SignalType.signed(12), 3, 0);
        // a flip-flop and the AND of its synchronous reset per bit; no enable connected, so no multiplexer
        assertEquals(36 * (5.67 + 1.33), CostModel.formula(r).shape(MODEL.tech()).areaGe(), 1e-9);
        assertEquals(36, CostModel.formula(r).shape(MODEL.tech()).registerBits());
    }

    @Test
    void aRegisterWithItsEnableConnectedPaysAMultiplexerPerBit() {
        Circuit c = new Circuit();
        Register r = c.add(new Register("r", SignalType.unsigned(8), 1, 0));
        double without = CostModel.formula(r).shape(MODEL.tech()).areaGe();
        c.connect(r.port("en"), c.net("en", SignalType.BIT));
        assertEquals(without + 8 * 2.33, CostModel.formula(r).shape(MODEL.tech()).areaGe(), 1e-9);
    }

    @Test
    void anSramOf8KbReadsA64BitWordForTheLibraryFigure() {
        Sram s = new Sram("s", SignalType.unsigned(64), 1, 1024);
        assertEquals(10.0, CostModel.formula(s).shape(MODEL.tech()).accessPj(), 1e-12);
        Sram big = new Sram("b", SignalType.unsigned(64), 1, 4096);
        assertEquals(20.0, CostModel.formula(big).shape(MODEL.tech()).accessPj(), 1e-12, "4x the capacity, 2x the energy");
    }

    /** On uniformly random operands a 32x32 multiplier costs the library's 3.1 pJ per multiply. */
    @Test
    void randomOperandsReproduceTheCalibrationFigure() {
        Circuit c = new Circuit();
        Multiplier m = c.add(new Multiplier("m", SignalType.unsigned(32), SignalType.unsigned(32), 1, false));
        int a = c.net("a", SignalType.unsigned(32));
        int b = c.net("b", SignalType.unsigned(32));
        c.connect(m.port("a"), a);
        c.connect(m.port("b"), b);
        c.connect(m.port("p"), c.net("p", SignalType.unsigned(64)));
        Simulator sim = new Simulator(c);
        SplittableRandom rnd = new SplittableRandom(7);
        int cycles = 20_000;
        for (int i = 0; i < cycles; i++) {
            sim.set(a, rnd.nextLong() & 0xFFFF_FFFFL);
            sim.set(b, rnd.nextLong() & 0xFFFF_FFFFL);
            sim.tick();
        }
        CostReport r = MODEL.evaluate(c.components(), sim.activity(), cycles, 500e6, cycles, Flattening.NONE);
        ComponentCost mul = r.components().get(0);
        assertEquals(3.1, mul.dynamicPj() / mul.actions(), 0.1, "dynamic energy per multiply on random data");
    }

    /**
     * The same datapath on an all-zero activation trace and on a real one: the real trace toggles
     * more bits, and every component's switching energy is its toggles times its energy per toggle.
     */
    @Test
    void energyFollowsTheDataThroughTheToggles() {
        Fp16Matrix real = Traces.open("traces/layer0.attn_in.npy").readRows(0, 4);
        Fp16Matrix zero = new Fp16Matrix("zero", 4, real.cols(), new short[4 * real.cols()], 0);
        Fp16Matrix w = Traces.open("traces/layer1.ffn_in.npy").readRows(0, 16);
        Run realRun = run(real, w);
        Run zeroRun = run(zero, w);
        CostReport onReal = realRun.cost();
        CostReport onZero = zeroRun.cost();
        assertEquals(onReal.cycles(), onZero.cycles(), "cycle counts do not depend on the data");
        assertEquals(onReal.areaGe(CostReport.ALL), onZero.areaGe(CostReport.ALL), 1e-9);
        double switchingReal = onReal.sum(CostReport.ALL, ComponentCost::switchingPj);
        double switchingZero = onZero.sum(CostReport.ALL, ComponentCost::switchingPj);
        assertTrue(switchingReal > 2 * switchingZero, switchingReal + " vs " + switchingZero);
        assertTrue(onReal.energyPj(CostReport.DATAPATH) > onZero.energyPj(CostReport.DATAPATH));
        for (ComponentCost z : onZero.components()) {
            ComponentCost r = onReal.components().stream().filter(c -> c.instance().equals(z.instance())).findFirst().orElseThrow();
            // arithmetic arrays switch with their inputs' flips or their internal nodes', everything else with its outputs' and state's
            dev.bdsim.cost.Shape shape = CostModel.formula(zeroRun.component(z.instance())).shape(MODEL.tech());
            if (shape.switching().size() > 1) {
                continue; // the multipliers, whose two shares are tested below
            }
            long realToggles = drivingToggles(shape, realRun.activity(z.instance()));
            long zeroToggles = drivingToggles(shape, zeroRun.activity(z.instance()));
            if (zeroToggles > 0 && realToggles > 0) {
                double perToggle = r.switchingPj() / realToggles;
                assertEquals(perToggle, z.switchingPj() / zeroToggles, 1e-9 * perToggle, z.instance() + ": energy per toggle");
            }
        }
        ComponentCost decoder = onZero.components().stream().filter(c -> c.instance().equals("x_dec")).findFirst().orElseThrow();
        assertEquals(0, decoder.toggles(), "all-zero activations never toggle the activation decoder");
    }

    private static long drivingToggles(dev.bdsim.cost.Shape shape, dev.bdsim.kernel.Activity a) {
        return shape.switchingToggles(a.inputToggles(), a.outputToggles(), a.stateToggles());
    }

    private record Run(CostReport cost, List<dev.bdsim.kernel.Component> components, List<dev.bdsim.kernel.Activity> activities) {
        dev.bdsim.kernel.Component component(String name) {
            return components.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }

        dev.bdsim.kernel.Activity activity(String name) {
            return activities.stream().filter(a -> a.instance().equals(name)).findFirst().orElseThrow();
        }
    }

    private static Run run(Fp16Matrix x, Fp16Matrix w) {
        BlockFormat f = Formats.parse("dialectfp4", Formats.Options.defaults());
        QuantizedTensor qw = f.quantize(w, BlockFormat.Role.WEIGHT);
        CycleGemm gemm = new CycleGemm(Datapaths.of("dialectfp4"), null, Map.of("LANES", "8"), qw, AccumulatorSpec.FP32);
        gemm.multiply(f.quantize(x, BlockFormat.Role.ACTIVATION));
        CycleGemm.Stats s = gemm.stats();
        List<dev.bdsim.kernel.Component> components = gemm.netlist().circuit().components();
        return new Run(MODEL.evaluate(components, s.activity(), s.cycles(), 500e6, s.macs(), dev.bdsim.flow.Flow.flattening(gemm.netlist())), components, s.activity());
    }

    /**
     * A multiplier's switching follows the flips of its operands (its AND plane) and of its partial products (its adders), not of
     * its product: held operands cost nothing whatever the product did, operands and partial products flipping as random ones do
     * cost the random-data figure, and operands that flip without flipping a partial product cost the AND plane's share only.
     */
    @Test
    void anArithmeticArraySwitchesWithItsOperandsAndPartialProducts() {
        Circuit c = new Circuit();
        Multiplier m = c.add(new Multiplier("m", SignalType.unsigned(8), SignalType.unsigned(8), 1, false));
        dev.bdsim.cost.Shape shape = CostModel.formula(m).shape(MODEL.tech());
        assertEquals(2, shape.switching().size());
        assertEquals(8, shape.switching().get(0).randomPerAction(), 1e-12, "half of the 16 operand bits");
        assertEquals(24, shape.switching().get(1).randomPerAction(), 1e-12, "3/8 of the 64 partial products");
        double andPlane = shape.switching().get(0).share();
        assertTrue(andPlane > 0.1 && andPlane < 0.5, "the AND plane's share " + andPlane);
        assertEquals(1, andPlane + shape.switching().get(1).share(), 1e-12);
        ComponentCost quiet = priced(m, 0, 50, 0);
        ComponentCost busy = priced(m, 80, 0, 240);
        ComponentCost nothingMultiplied = priced(m, 80, 0, 0);
        assertEquals(0, quiet.switchingPj(), 1e-12);
        assertEquals(10 * shape.actionPj(), busy.operationPj() + busy.switchingPj(), 1e-9);
        assertEquals(andPlane * busy.switchingPj(), nothingMultiplied.switchingPj(), 1e-9);
    }

    /** Ten multiplies of {@code m} with the given toggles. */
    private static ComponentCost priced(Multiplier m, long inputToggles, long outputToggles, long partialProductToggles) {
        dev.bdsim.kernel.Activity a = new dev.bdsim.kernel.Activity("m", "Multiplier", false, 10, 0, Map.of("multiply", 10L), inputToggles,
                outputToggles, partialProductToggles);
        return MODEL.evaluate(List.of(m), List.of(a), 10, 500e6, 10, Flattening.NONE).components().get(0);
    }

    /**
     * The two quantizer models on the same real trace at the same N: same cycles, latency and
     * throughput; the exhaustive selector (16 squared-error accumulators) costs more area and
     * energy than stage 1 + stage 2, and everything else in the pipeline costs the same area.
     */
    @Test
    void theExhaustiveSelectorCostsMoreThanTheTwoStageOneAtTheSameThroughput() {
        Fp16Matrix x = Traces.open("traces/layer2.ffn_in.npy").readRows(0, 8);
        CostReport[] reports = new CostReport[2];
        long[] cycles = new long[2];
        String[] formats = {"dialectfp4", "dialectfp4-exh"};
        for (int i = 0; i < 2; i++) {
            DialectFp4Format f = (DialectFp4Format) Formats.parse(formats[i], Formats.Options.defaults());
            CycleQuantizer q = new CycleQuantizer(CycleQuantizer.NETLIST, Map.of("N", "4"), f);
            q.quantize(x);
            CycleQuantizer.Stats s = q.stats();
            cycles[i] = s.cycles();
            reports[i] = MODEL.evaluate(q.netlist().circuit().components(), s.activity(), s.cycles(), 500e6, s.elements(),
                    dev.bdsim.flow.Flow.flattening(q.netlist()));
        }
        assertEquals(cycles[0], cycles[1]);
        java.util.function.Predicate<ComponentCost> selector = c -> Set.of("PairSelect", "RangeCounter", "MseSelect").contains(c.type())
                || c.instance().equals("scale_max");
        assertEquals(reports[0].areaGe(selector.negate()), reports[1].areaGe(selector.negate()), 1e-6);
        assertTrue(reports[1].areaGe(selector) > 5 * reports[0].areaGe(selector),
                reports[1].areaGe(selector) + " GE vs " + reports[0].areaGe(selector));
        assertTrue(reports[1].energyPj(selector) > 2 * reports[0].energyPj(selector));
        assertTrue(reports[1].pjPerMac(CostReport.ALL) > reports[0].pjPerMac(CostReport.ALL));
    }

    @Test
    void aLibraryMissingAConstantIsRejectedByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.tech");
        String text = Files.readString(Path.of("rtl-models/tech/45nm.tech")).replace("mult32_pj = 3.1", "");
        Files.writeString(file, text);
        BadInputException e = assertThrows(BadInputException.class, () -> TechLibrary.load(file));
        assertTrue(e.getMessage().startsWith(file + ": missing constant mult32_pj"), e.getMessage());
        Files.writeString(file, Files.readString(Path.of("rtl-models/tech/45nm.tech")) + "\nmult32_pj = 3.2\n");
        e = assertThrows(BadInputException.class, () -> TechLibrary.load(file));
        assertTrue(e.getMessage().contains("constant 'mult32_pj' is given twice"), e.getMessage());
        Files.writeString(file, text + "\nmult32_pj = -1\n");
        e = assertThrows(BadInputException.class, () -> TechLibrary.load(file));
        assertTrue(e.getMessage().contains("mult32_pj = '-1' must be positive"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> TechLibrary.named("7nm"));
        assertTrue(e.getMessage().contains("technology library not found"), e.getMessage());
    }
}
