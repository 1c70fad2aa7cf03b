package dev.bdsim.cost;

import dev.bdsim.BadInputException;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Area and energy of every component from its structure, its recorded activity and a
 * {@link TechLibrary}. Each component kind gives its {@link CostFormula}: an area in gate
 * equivalents from a structural formula (an array multiplier has a x b cells, an adder one full
 * adder per bit, a register one flip-flop per bit, a lookup decoder the gates of its truth table),
 * the energy of one operation on random operands (scaled from the library's per-operation
 * figures), and the flip-flops it clocks.
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

    /** The cost formula of a component; one without (e.g. built through the Java API) cannot be priced. */
    public static CostFormula formula(Component c) {
        if (c instanceof CostFormula f) {
            return f;
        }
        throw new BadInputException(c.name() + " (" + c.typeName() + (c.origin().isEmpty() ? "" : ", " + c.origin())
                + ") has no cost model; only library components can be priced");
    }

    /** The area of one component in gate equivalents, as the netlist's {@code flattening} builds it. */
    public double areaGe(Component c, Flattening flattening) {
        return flattening.apply(c, formula(c).shape(tech), tech).areaGe();
    }

    /** Costs of every component of a run of {@code cycles} cycles at {@code clockHz}, as the netlist's {@code flattening} builds them. */
    public CostReport evaluate(List<Component> components, List<Activity> activity, long cycles, double clockHz, long macs,
            Flattening flattening) {
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
            CostFormula formula = formula(c);
            if (formula.group() == Group.WIRING) {
                continue;
            }
            Shape s = flattening.apply(c, formula.shape(tech), tech);
            long actions = a.actions().entrySet().stream().filter(e -> formula.isWork(e.getKey())).mapToLong(e -> e.getValue()).sum();
            long toggles = a.outputToggles() + a.stateToggles();
            double operationPj = 0;
            double switchingPj = 0;
            double clockPj = 0;
            if (s.accessPj() > 0) {
                operationPj = actions * s.accessPj();
            } else if (s.actionPj() > 0) {
                operationPj = actions * s.actionPj() * tech.fixedFraction();
                switchingPj = s.switchingPj(a.inputToggles(), a.outputToggles(), a.stateToggles(), 1 - tech.fixedFraction());
            }
            if (s.registerBits() > 0) {
                clockPj = a.activeCycles() * s.registerBits() * tech.flipFlopClockPj();
                switchingPj += toggles * tech.flipFlopGe() * tech.logicPjPerGe();
            }
            double leakagePj = s.areaGe() * tech.leakageNwPerGe() * 1e-9 * seconds * 1e12;
            rows.add(new ComponentCost(a.instance(), a.type(), formula.group(), s.areaGe(), operationPj, switchingPj, clockPj, leakagePj,
                    toggles, actions));
        }
        return new CostReport(tech, rows, cycles, clockHz, macs);
    }
}
