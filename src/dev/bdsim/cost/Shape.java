package dev.bdsim.cost;

/**
 * What one instance of a component kind costs, from its structure: area in gate equivalents, the
 * energy of one action on random data, the output (and state) bits an action toggles on random
 * data, the flip-flops clocked per active cycle, and the energy of a buffer access.
 */
public record Shape(double areaGe, double actionPj, double randomTogglesPerAction, long registerBits, double accessPj) {
    /** Wiring: no area, no energy. */
    public static final Shape NONE = new Shape(0, 0, 1, 0, 0);

    /** Flip-flops only: {@code bits} of resettable state clocked every active cycle. */
    public static Shape registers(TechLibrary tech, long bits) {
        return new Shape(bits * tech.resetFlipFlopGe(), 0, 1, bits, 0);
    }

    /** Combinational logic of {@code ge} gate equivalents per lane, toggling {@code toggles} output bits per action. */
    public static Shape logic(TechLibrary tech, int lanes, double ge, double toggles) {
        return new Shape(lanes * ge, ge * tech.logicPjPerGe(), toggles, 0, 0);
    }
}
