package dev.bdsim.sweep;

import java.util.Map;

/** What one sweep point measured: scalar metrics and the per-group breakdowns (empty when not kept). */
public record PointResult(SweepSpec.Point point, Map<String, Double> metrics, Map<String, Double> energyByGroup,
                          Map<String, Double> areaByGroup) {
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }
}
