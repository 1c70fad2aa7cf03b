package dev.bdsim.cost;

/**
 * Cost of one component instance over a run: area, and energy split into operations (the fixed
 * part of each action, or buffer accesses), switching (scaled by the recorded bit toggles),
 * flip-flop clocking and leakage, all in pJ.
 */
public record ComponentCost(String instance, String type, Group group, double areaGe, double operationPj, double switchingPj,
                            double clockPj, double leakagePj, long toggles, long actions) {
    public double dynamicPj() {
        return operationPj + switchingPj + clockPj;
    }

    public double totalPj() {
        return dynamicPj() + leakagePj;
    }

    /** Buffers (SRAM, register files) are reported apart from the arithmetic. */
    public boolean buffer() {
        return group == Group.BUFFER;
    }
}
