package dev.bdsim.cost;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Costs of every component of one run, and the totals a designer asks for. */
public record CostReport(TechLibrary tech, List<ComponentCost> components, long cycles, double clockHz, long macs) {
    public CostReport {
        components = List.copyOf(components);
    }

    public double seconds() {
        return cycles / clockHz;
    }

    public double sum(Predicate<ComponentCost> which, ToDoubleFunction<ComponentCost> what) {
        return components.stream().filter(which).mapToDouble(what).sum();
    }

    public double areaGe(Predicate<ComponentCost> which) {
        return sum(which, ComponentCost::areaGe);
    }

    public double areaUm2(Predicate<ComponentCost> which) {
        return areaGe(which) * tech.geAreaUm2();
    }

    public double energyPj(Predicate<ComponentCost> which) {
        return sum(which, ComponentCost::totalPj);
    }

    /** Average power in µW over the run. */
    public double powerUw(Predicate<ComponentCost> which) {
        return cycles == 0 ? 0 : energyPj(which) * 1e-12 / seconds() * 1e6;
    }

    public double pjPerMac(Predicate<ComponentCost> which) {
        return macs == 0 ? Double.NaN : energyPj(which) / macs;
    }

    public static final Predicate<ComponentCost> ALL = c -> true;
    public static final Predicate<ComponentCost> DATAPATH = c -> c.group().datapath();
    public static final Predicate<ComponentCost> BUFFERS = ComponentCost::buffer;
    public static final Predicate<ComponentCost> OFF_CHIP = c -> c.group() == Group.DRAM;
}
