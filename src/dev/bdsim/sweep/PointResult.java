package dev.bdsim.sweep;

import java.util.List;
import java.util.Map;

/**
 * What one sweep point measured: scalar metrics and the per-group breakdowns (empty when not kept),
 * and for a workload each of its products (empty otherwise).
 */
public record PointResult(SweepSpec.Point point, Map<String, Double> metrics, Map<String, Double> energyByGroup,
                          Map<String, Double> areaByGroup, List<ProductResult> products) {
    public PointResult(SweepSpec.Point point, Map<String, Double> metrics, Map<String, Double> energyByGroup, Map<String, Double> areaByGroup) {
        this(point, metrics, energyByGroup, areaByGroup, List.of());
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /**
     * One product of a workload as the point ran it: its name, times per token, cycles and MACs of one
     * pass, the datapath's (an accelerator's array's) energy and the total (a datapath's with the weight
     * buffers and the online quantizer; an accelerator's with everything, DRAM included), in pJ, its
     * output SQNR, and its energy by group (pJ).
     */
    public record ProductResult(String name, int count, long cycles, long macs, double datapathPj, double totalPj, double outputSqnrDb,
                                Map<String, Double> energyPjByGroup) {}
}
