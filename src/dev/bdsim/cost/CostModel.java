package dev.bdsim.cost;

import dev.bdsim.format.Formatbook;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.lib.AdderTree;
import dev.bdsim.lib.Delay;
import dev.bdsim.lib.DialectDecoder;
import dev.bdsim.lib.ElementDecoder;
import dev.bdsim.lib.Fifo;
import dev.bdsim.lib.MseSelect;
import dev.bdsim.lib.QuarterScaler;
import dev.bdsim.lib.RangeCounter;
import dev.bdsim.lib.Sram;

import java.util.ArrayList;
import java.util.List;

/**
 * Area and energy of every component from its structure, its recorded activity and a
 * {@link TechLibrary}. Per component class: an area in gate equivalents from a structural formula
 * (an array multiplier has a x b cells, an adder one full adder per bit, a register one flip-flop
 * per bit, a lookup decoder the gates of its truth table), the energy of one operation on random
 * operands (scaled from the library's per-operation figures), and the flip-flops it clocks.
 * Energy of a run = operations x their energy, split into a fixed part and a part scaled by the
 * output and state bits that actually toggled + clocked flip-flops + leakage over the run time.
 */
public final class CostModel {
    private final TechLibrary tech;

    public CostModel(TechLibrary tech) {
        this.tech = tech;
    }

    public TechLibrary tech() {
        return tech;
    }

    /**
     * What one instance of a component class costs: area, energy of one action on random data,
     * output (and state) bits an action toggles on random data, flip-flops clocked per active
     * cycle, and energy of a buffer access.
     */
    record Shape(double areaGe, double actionPj, double randomTogglesPerAction, long registerBits, double accessPj) {
        static final Shape NONE = new Shape(0, 0, 1, 0, 0);
    }

    Shape shape(Component c) {
        String type = c.typeName();
        int lanes = 1;
        for (Port p : c.ports()) {
            lanes = Math.max(lanes, p.lanes());
        }
        double ff = tech.flipFlopGe();
        double fa = tech.fullAdderGe();
        double logic = tech.logicPjPerGe();
        switch (type) {
            case "Adder", "Comparator" -> {
                int w = width(c, "a");
                return new Shape(lanes * w * fa, w * tech.bitAddPj(), type.equals("Adder") ? (w + 1) / 2.0 : 1.5, 0, 0);
            }
            case "Logic" -> {
                int w = width(c, "y");
                double ge = w * (c.actions().contains("xor") ? tech.xorGe() : tech.andGe());
                return new Shape(lanes * ge, ge * logic, w / 2.0, 0, 0);
            }
            case "Mux" -> {
                int w = width(c, "out");
                int inputs = (int) c.ports().stream().filter(p -> p.name().matches("in\\d+")).count();
                double ge = (double) w * (inputs - 1) * tech.mux2Ge();
                return new Shape(lanes * ge, ge * logic, w / 2.0, 0, 0);
            }
            case "Shifter" -> {
                int w = width(c, "y");
                double ge = (double) w * width(c, "amount") * tech.mux2Ge();
                return new Shape(lanes * ge, ge * logic, w / 2.0, 0, 0);
            }
            case "Multiplier" -> {
                int a = width(c, "a");
                int b = width(c, "b");
                int p = width(c, "p");
                boolean negate = c.port("neg") != null;
                double ge = (double) a * b * (fa + tech.andGe()) + (negate ? p * (tech.xorGe() + tech.halfAdderGe()) : 0);
                double pj = a * b * tech.multiplierCellPj() + (negate ? p * tech.bitAddPj() : 0);
                return new Shape(lanes * ge, pj, p / 2.0, 0, 0);
            }
            case "Lut" -> {
                double ge = lupanovGe(width(c, "a"), width(c, "y"));
                return new Shape(lanes * ge, ge * logic, width(c, "y") / 2.0, 0, 0);
            }
            case "DialectDecoder" -> {
                // the sign passes through; per lane the magnitude index decodes to the common value, or a
                // multiplexer picks one of the dialect-dependent values, which the block's dialect selects once
                // for all lanes
                int varying = ((DialectDecoder) c).dialectDependentMagnitudes();
                int mag = width(c, "magnitude");
                double lane = lupanovGe(width(c, "code") - 1, mag) + varying * mag * tech.mux2Ge();
                double shared = lupanovGe(width(c, "dialect"), varying * mag);
                return new Shape(lanes * lane + shared, lane * logic + shared * logic / lanes, (mag + 1) / 2.0, 0, 0);
            }
            case "ElementDecoder" -> {
                ElementDecoder d = (ElementDecoder) c;
                int code = width(c, "code");
                int shift = width(c, "shift");
                // integers: a conditional negation for sign-magnitude; minifloats: hidden bit and exponent - 1
                double ge = d.integer() ? code * (tech.xorGe() + tech.halfAdderGe())
                        : shift * (tech.halfAdderGe() + tech.andGe());
                return new Shape(lanes * ge, ge * logic, (width(c, "significand") + shift + 1) / 2.0, 0, 0);
            }
            case "AdderTree" -> {
                AdderTree t = (AdderTree) c;
                long regs = t.registerBits();
                double pjPerAdd = t.inputs() > 1 ? t.adderBits() * tech.bitAddPj() / (t.inputs() - 1) : 0;
                double togglesPerAdd = t.inputs() > 1 ? (width(c, "sum") + regs) / 2.0 / (t.inputs() - 1) : 1;
                return new Shape(t.adderBits() * fa + regs * ff, pjPerAdd, togglesPerAdd, regs, 0);
            }
            case "Register", "PipeStage" -> {
                long bits = (long) outputBits(c);
                return new Shape(bits * ff, 0, 1, bits, 0);
            }
            case "Delay" -> {
                long bits = (long) width(c, "q") * lanes * ((Delay) c).depth();
                return new Shape(bits * ff, 0, 1, bits, 0);
            }
            case "Fifo" -> {
                long bits = (long) width(c, "out_data") * lanes * ((Fifo) c).depth() + outputBits(c);
                return new Shape(bits * ff, 0, 1, bits, 0);
            }
            case "Counter" -> {
                int w = width(c, "q");
                return new Shape(w * (ff + tech.halfAdderGe()), w * tech.bitAddPj() / 2, w / 2.0, w, 0);
            }
            case "Sram" -> {
                Sram s = (Sram) c;
                int wordBits = width(c, "rdata") * s.lanes();
                double bits = (double) wordBits * s.words();
                double pj = tech.sram8kbRead64Pj() * wordBits / 64.0 * Math.sqrt(bits / (8 * 1024 * 8));
                return new Shape(bits * tech.sramBitGe(), 0, 1, 0, pj);
            }
            case "Accumulator" -> {
                int terms = c.port("p").lanes();
                int p = width(c, "p");
                int acc = width(c, "acc");
                int shiftBits = width(c, "exponent");
                boolean fp32 = !c.port("acc").type().signed();
                // FP32: align, 24-bit add, normalise (two 24 x 5 shifters), plus converting the integer block sum
                double adderGe = fp32 ? 24 * fa + 2 * 24 * 5 * tech.mux2Ge() : acc * fa;
                double alignGe = p * Math.min(shiftBits, 6) * tech.mux2Ge();
                double ge = terms * (adderGe + alignGe) + acc * ff;
                double pj = (fp32 ? tech.fp32AddPj() : acc * tech.bitAddPj()) + alignGe * logic;
                return new Shape(ge, pj, acc / 2.0, acc, 0);
            }
            case "BlockMax" -> {
                // a compare-and-select node per lane (the tree plus the running maximum), running and held registers
                int w = width(c, "max");
                double node = w * (fa + tech.mux2Ge());
                return new Shape(lanes * node + 2 * w * ff, node * logic, w / 2.0, 2L * w, 0);
            }
            case "QuarterScaler" -> {
                // exponent difference, a right shift of the 11-bit significand, the rounding increment, saturation
                double ge = 5 * fa + QuarterScaler.SIGNIFICAND_BITS * QuarterScaler.SHIFT_LEVELS * tech.mux2Ge()
                        + 6 * tech.halfAdderGe() + 5 * tech.andGe();
                return new Shape(lanes * ge, ge * logic, 2.5, 0, 0);
            }
            case "PairSelect" -> {
                int w = width(c, "a");
                double ge = lupanovGe(width(c, "umax"), 2 * w);
                return new Shape(ge, ge * logic, w, 0, 0);
            }
            case "RangeCounter" -> {
                // per lane a 5-bit comparator per range boundary and the vote's share of the adder tree; the pair's
                // boundaries selected once per block; the balance counter and the held dialect
                RangeCounter r = (RangeCounter) c;
                int d = width(c, "dialect");
                int bal = r.balanceBits();
                double lane = r.rangeBoundaries() * 5 * fa + bal * fa;
                double shared = lupanovGe(d, r.rangeBoundaries() * 5) + bal * fa;
                long regs = bal + d;
                return new Shape(lanes * lane + shared + regs * ff, lane * logic, 1, regs, 0);
            }
            case "MseSelect" -> {
                // per lane and dialect a squared-error table and its adder-tree share; per dialect an accumulator;
                // a comparator tree over the dialects' totals
                MseSelect m = (MseSelect) c;
                int d = width(c, "dialect");
                double trial = lupanovGe(5, m.errorBits()) + m.sumBits() * fa;
                double shared = m.dialects() * m.sumBits() * fa + (m.dialects() - 1) * (m.sumBits() * fa + (m.sumBits() + d) * tech.mux2Ge());
                long regs = (long) m.dialects() * m.sumBits() + d;
                return new Shape((double) lanes * m.dialects() * trial + shared + regs * ff, trial * logic, m.errorBits() / 2.0, regs, 0);
            }
            case "DialectEncoder" -> {
                // per lane: the element against the dialect's seven midpoints (a thermometer code) and its encoding;
                // the midpoints selected once per block
                int d = width(c, "dialect");
                int midpoints = Formatbook.MAGNITUDES - 1;
                double lane = midpoints * (5 * fa + tech.andGe()) + tech.andGe();
                double shared = lupanovGe(d, midpoints * 5);
                return new Shape(lanes * lane + shared, lane * logic, 2, 0, 0);
            }
            default -> {
                return Shape.NONE;
            }
        }
    }

    /** The area of one component in gate equivalents. */
    public double areaGe(Component c) {
        return shape(c).areaGe();
    }

    /** Gates of a random-logic function of n inputs and m outputs (Lupanov's bound, m * 2^n / n). */
    static double lupanovGe(int inputs, int outputs) {
        return outputs * Math.pow(2, inputs) / Math.max(inputs, 1);
    }

    private static int width(Component c, String port) {
        Port p = c.port(port);
        if (p == null) {
            throw new IllegalStateException(c + " has no port " + port);
        }
        return p.type().width();
    }

    private static int outputBits(Component c) {
        int bits = 0;
        for (Port p : c.ports()) {
            if (p.direction() == Port.Direction.OUT) {
                bits += p.type().width() * p.lanes();
            }
        }
        return bits;
    }

    /** Costs of every component of a run of {@code cycles} cycles at {@code clockHz}. */
    public CostReport evaluate(List<Component> components, List<Activity> activity, long cycles, double clockHz, long macs) {
        if (components.size() != activity.size()) {
            throw new IllegalArgumentException("activity of " + activity.size() + " components for " + components.size());
        }
        double seconds = cycles / clockHz;
        List<ComponentCost> rows = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            Activity a = activity.get(i);
            if (!a.instance().equals(c.name())) {
                throw new IllegalArgumentException("activity of " + a.instance() + " given for " + c.name());
            }
            Shape s = shape(c);
            if (s == Shape.NONE) {
                continue;
            }
            long actions = a.actions().entrySet().stream()
                    .filter(e -> !e.getKey().equals("overflow") && !e.getKey().equals("stall"))
                    .mapToLong(e -> e.getValue()).sum();
            long toggles = a.outputToggles() + a.stateToggles();
            double operationPj = 0;
            double switchingPj = 0;
            double clockPj = 0;
            if (s.accessPj() > 0) {
                operationPj = actions * s.accessPj();
            } else if (s.actionPj() > 0) {
                operationPj = actions * s.actionPj() * tech.fixedFraction();
                switchingPj = toggles * s.actionPj() * (1 - tech.fixedFraction()) / s.randomTogglesPerAction();
            }
            if (s.registerBits() > 0) {
                clockPj = a.activeCycles() * s.registerBits() * tech.flipFlopClockPj();
                switchingPj += toggles * tech.flipFlopGe() * tech.logicPjPerGe();
            }
            double leakagePj = s.areaGe() * tech.leakageNwPerGe() * 1e-9 * seconds * 1e12;
            rows.add(new ComponentCost(a.instance(), a.type(), s.areaGe(), operationPj, switchingPj, clockPj, leakagePj,
                    toggles, actions));
        }
        return new CostReport(tech, rows, cycles, clockHz, macs);
    }
}
