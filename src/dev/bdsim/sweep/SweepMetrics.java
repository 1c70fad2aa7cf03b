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
    /** The accelerator design's (README "Accelerators"; empty for datapath points): the array's stall cycles by cause ... */
    public static final String QUANTIZER_STALLS = "quantizer_stall_cycles";
    public static final String DRAM_STALLS = "dram_stall_cycles";
    public static final String WEIGHT_STALLS = "weight_stall_cycles";
    /** ... the cycles the activation reader held a block back for want of FIFO room ... */
    public static final String BACKPRESSURE = "backpressure_cycles";
    /** ... the bytes moved to and from DRAM, the energy per MAC and per token with them, and the efficiencies they give. */
    public static final String DRAM_BYTES = "dram_bytes";
    public static final String WITH_DRAM = "energy_pj_per_mac_with_dram";
    public static final String PER_TOKEN = "energy_pj_per_token";
    public static final String TOPS_PER_W = "tops_per_w";
    public static final String TOPS_PER_MM2 = "tops_per_mm2";
    /**
     * A sampled sweep's (README "Sampling"): the half-width of the 95 % interval of {@code energy_pj_per_mac}, in per cent of it;
     * kept by default only in sampled sweeps.
     */
    public static final String SAMPLE_CI = "energy_ci95_pct";
    public static final List<String> SCALARS = List.of("bits_per_element", "cycles", "utilisation", "stall_cycles", QUANTIZER_STALLS,
            DRAM_STALLS, WEIGHT_STALLS, BACKPRESSURE, "macs", "energy_pj_per_mac", SAMPLE_CI, "energy_pj_per_mac_with_buffers", QUANTIZER_ENERGY, WITH_QUANTIZER,
            WITH_DRAM, PER_TOKEN, DRAM_BYTES, TOPS_PER_W, TOPS_PER_MM2, "power_uw", "area_um2", "area_ge",
            QUANTIZER_AREA, BUFFER_AREA, MAX_CLOCK, CLOCK_ABOVE_MAX, "output_sqnr_db", OVERFLOWS, COSINE);
    public static final List<String> ALL = java.util.stream.Stream.concat(SCALARS.stream(), java.util.stream.Stream.of(ENERGY_BREAKDOWN, AREA_BREAKDOWN)).toList();
    /** Kept when a spec names no metrics: all but the embedding cosine, which costs a model run per format, and the sample's interval. */
    public static final List<String> DEFAULT = ALL.stream().filter(m -> !m.equals(COSINE) && !m.equals(SAMPLE_CI)).toList();
    /** Kept when a sampled spec names no metrics. */
    public static final List<String> SAMPLED_DEFAULT = ALL.stream().filter(m -> !m.equals(COSINE)).toList();

    /** The datapath groups, in stacking order; the weight buffers are reported apart from the datapath. */
    public static final List<Group> DATAPATH_GROUPS = Arrays.stream(Group.values()).filter(Group::datapath).toList();
    /** Their names, as charts and result files give them. */
    public static final List<String> GROUPS = DATAPATH_GROUPS.stream().map(Group::label).toList();
    /** The online activation quantizer's share, beside the datapath groups in the breakdowns. */
    public static final String QUANTIZER_GROUP = "activation quantizer";
    /** The groups of the energy and area breakdowns: the datapath's, then the quantizer. */
    public static final List<String> BREAKDOWN_GROUPS = java.util.stream.Stream.concat(GROUPS.stream(), java.util.stream.Stream.of(QUANTIZER_GROUP))
            .toList();
    /** An accelerator's: those, then its buffers and its off-chip traffic. */
    public static final List<String> ACCELERATOR_GROUPS = java.util.stream.Stream.concat(BREAKDOWN_GROUPS.stream(),
            java.util.stream.Stream.of(Group.BUFFER.label(), Group.DRAM.label())).toList();

    /** The breakdown groups of a design ({@link SweepSpec#DESIGNS}). */
    public static List<String> breakdownGroups(String design) {
        return design.equals("accelerator") ? ACCELERATOR_GROUPS : BREAKDOWN_GROUPS;
    }

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

    /** An accelerator's energy per MAC by group: the quantizer's components apart, the weights' and outputs' DRAM traffic with DRAM. */
    static Map<String, Double> energyByGroup(AcceleratorJob.Outcome o) {
        CostReport r = o.cost();
        Map<String, Double> out = byGroup(r, c -> c.totalPj() / r.macs(), AcceleratorJob.QUANTIZER.negate());
        out.put(QUANTIZER_GROUP, o.quantizerPj() / r.macs());
        out.put(Group.BUFFER.label(), o.bufferPj() / r.macs());
        out.put(Group.DRAM.label(), o.dramPj() / r.macs());
        return out;
    }

    /** An accelerator's area by group, the quantizer apart. */
    static Map<String, Double> areaByGroup(AcceleratorJob.Outcome o) {
        CostReport r = o.cost();
        Map<String, Double> out = byGroup(r, c -> c.areaGe() * r.tech().geAreaUm2(), AcceleratorJob.QUANTIZER.negate());
        out.put(QUANTIZER_GROUP, r.areaUm2(AcceleratorJob.QUANTIZER));
        out.put(Group.BUFFER.label(), r.areaUm2(CostReport.BUFFERS));
        out.put(Group.DRAM.label(), r.areaUm2(CostReport.OFF_CHIP));
        return out;
    }

    private static Map<String, Double> byGroup(CostReport r, java.util.function.ToDoubleFunction<ComponentCost> value) {
        return byGroup(r, value, c -> true);
    }

    private static Map<String, Double> byGroup(CostReport r, java.util.function.ToDoubleFunction<ComponentCost> value,
                                               java.util.function.Predicate<ComponentCost> which) {
        Map<String, Double> out = new LinkedHashMap<>();
        GROUPS.forEach(g -> out.put(g, 0.0));
        for (ComponentCost c : r.components()) {
            if (c.group().datapath() && which.test(c)) {
                out.merge(c.group().label(), value.applyAsDouble(c), Double::sum);
            }
        }
        return out;
    }
}
