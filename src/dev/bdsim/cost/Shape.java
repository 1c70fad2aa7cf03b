package dev.bdsim.cost;

/**
 * What one instance of a component kind costs, from its structure: area in gate equivalents, the
 * energy of one action on random data, the output (and state) bits an action toggles on random
 * data, the flip-flops clocked per active cycle, the energy of a buffer access, and, for a shape
 * whose switching follows its inputs, the input bits an action toggles on random data (0 otherwise).
 */
public record Shape(double areaGe, double actionPj, double randomTogglesPerAction, long registerBits, double accessPj,
                    double randomInputTogglesPerAction) {
    /** A shape whose switching follows the bits toggling on its outputs and in its state. */
    public Shape(double areaGe, double actionPj, double randomTogglesPerAction, long registerBits, double accessPj) {
        this(areaGe, actionPj, randomTogglesPerAction, registerBits, accessPj, 0);
    }

    /**
     * This shape with its switching following the bits toggling on its inputs instead, {@code randomInputToggles} of them per
     * action on random data: in an arithmetic array every input bit that flips ripples through the cells it feeds, however
     * little of it reaches the outputs.
     */
    public Shape drivenByInputs(double randomInputToggles) {
        return new Shape(areaGe, actionPj, randomTogglesPerAction, registerBits, accessPj, randomInputToggles);
    }

    /**
     * The data-dependent {@code share} of the actions' energy for a run's toggles, scaled so that random data gives back the
     * action's energy: by its input toggles, or by its output and state toggles.
     */
    public double switchingPj(long inputToggles, long outputAndStateToggles, double share) {
        return randomInputTogglesPerAction > 0 ? inputToggles * actionPj * share / randomInputTogglesPerAction
                : outputAndStateToggles * actionPj * share / randomTogglesPerAction;
    }

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
