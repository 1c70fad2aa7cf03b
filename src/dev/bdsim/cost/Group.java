package dev.bdsim.cost;

/** Where a component kind's area and energy are reported: a datapath group, the buffers, or nothing (wiring). */
public enum Group {
    DECODER("decoders"),
    MULTIPLIER("multipliers"),
    ADDER("adders and alignment"),
    ACCUMULATOR("accumulator"),
    REGISTER("registers"),
    CONTROL("control"),
    BUFFER("buffers"),
    DRAM("DRAM"),
    WIRING("wiring");

    private final String label;

    Group(String label) {
        this.label = label;
    }

    /** The name charts and result files give the group. */
    public String label() {
        return label;
    }

    /** True for the groups that make up the datapath figures: everything but the buffers, off-chip memory and wiring. */
    public boolean datapath() {
        return this != BUFFER && this != DRAM && this != WIRING;
    }
}
