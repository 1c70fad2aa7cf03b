package dev.bdsim.sweep;

import dev.bdsim.cost.ComponentCost;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.Group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metrics a sweep point reports, and the component groups of its energy and area breakdowns. */
public final class SweepMetrics {
    public static final String ENERGY_BREAKDOWN = "energy_breakdown";
    public static final String AREA_BREAKDOWN = "area_breakdown";
    /** The mean cosine similarity of the model's sentence embeddings with the format in every linear layer (a full-model run per format). */
    public static final String COSINE = "embedding_cosine";
    /** Adds that overflowed the fixed-point accumulator (saturated or wrapped); a point with any is flagged wherever it is shown. */
    public static final String OVERFLOWS = "accumulator_overflows";
    /** Area of the weight buffer holding the run's weight rows (µm²), apart from the datapath's. */
    public static final String BUFFER_AREA = "buffer_area_um2";
    /** The highest clock the datapath's critical path allows (its static timing), and 1 when the point's clock is above it. */
    public static final String MAX_CLOCK = "max_clock_mhz";
    public static final String CLOCK_ABOVE_MAX = "clock_above_max";
    /**
     * The online activation quantizer of the point's format, as hardware (README "Activation quantizer hardware"), run on the
     * point's activation rows: its energy over the GEMM's MACs, the datapath's energy per MAC with it, its area. Empty (null)
     * for a format whose quantizer is not built; zero for FP16, which needs none.
     */
    public static final String QUANTIZER_ENERGY = "quantizer_pj_per_mac";
    public static final String WITH_QUANTIZER = "energy_pj_per_mac_with_quantizer";
    public static final String QUANTIZER_AREA = "quantizer_area_um2";
    public static final List<String> SCALARS = List.of("bits_per_element", "cycles", "utilisation", "stall_cycles", "macs",
            "energy_pj_per_mac", "energy_pj_per_mac_with_buffers", QUANTIZER_ENERGY, WITH_QUANTIZER, "power_uw", "area_um2", "area_ge",
            QUANTIZER_AREA, BUFFER_AREA, MAX_CLOCK, CLOCK_ABOVE_MAX, "output_sqnr_db", OVERFLOWS, COSINE);
    public static final List<String> ALL = java.util.stream.Stream.concat(SCALARS.stream(), java.util.stream.Stream.of(ENERGY_BREAKDOWN, AREA_BREAKDOWN)).toList();
    /** Kept when a spec names no metrics: all but the embedding cosine, which costs a model run per format. */
    public static final List<String> DEFAULT = ALL.stream().filter(m -> !m.equals(COSINE)).toList();

    /** The datapath groups, in stacking order; the weight buffers are reported apart from the datapath. */
    public static final List<Group> DATAPATH_GROUPS = Arrays.stream(Group.values()).filter(Group::datapath).toList();
    /** Their names, as charts and result files give them. */
    public static final List<String> GROUPS = DATAPATH_GROUPS.stream().map(Group::label).toList();
    /** The online activation quantizer's share, beside the datapath groups in the breakdowns. */
    public static final String QUANTIZER_GROUP = "activation quantizer";
    /** The groups of the energy and area breakdowns: the datapath's, then the quantizer. */
    public static final List<String> BREAKDOWN_GROUPS = java.util.stream.Stream.concat(GROUPS.stream(), java.util.stream.Stream.of(QUANTIZER_GROUP))
            .toList();

    private SweepMetrics() {}

    /** Energy per MAC (pJ) of each datapath group, and the quantizer's {@code quantizerPj} over the same MACs (NaN: not built). */
    static Map<String, Double> energyByGroup(CostReport r, double quantizerPj) {
        Map<String, Double> out = byGroup(r, c -> c.totalPj() / r.macs());
        out.put(QUANTIZER_GROUP, quantizerPj / r.macs());
        return out;
    }

    /** Area (µm²) of each datapath group, and the quantizer's. */
    static Map<String, Double> areaByGroup(CostReport r, double quantizerUm2) {
        Map<String, Double> out = byGroup(r, c -> c.areaGe() * r.tech().geAreaUm2());
        out.put(QUANTIZER_GROUP, quantizerUm2);
        return out;
    }

    private static Map<String, Double> byGroup(CostReport r, java.util.function.ToDoubleFunction<ComponentCost> value) {
        Map<String, Double> out = new LinkedHashMap<>();
        GROUPS.forEach(g -> out.put(g, 0.0));
        for (ComponentCost c : r.components()) {
            if (c.group().datapath()) {
                out.merge(c.group().label(), value.applyAsDouble(c), Double::sum);
            }
        }
        return out;
    }
}
