package dev.bdsim.cost;

import java.util.List;

/**
 * What one instance of a component kind costs, from its structure: area in gate equivalents, the
 * energy of one action on random data and which recorded toggles its switching follows, the
 * flip-flops clocked per active cycle, and the energy of a buffer access.
 */
public record Shape(double areaGe, double actionPj, List<Switching> switching, long registerBits, double accessPj) {
    /** The toggles a share of a component's switching follows. */
    public enum Toggles {
        /** The bits toggling on its outputs and in its state: logic whose work shows at its outputs. */
        OUTPUTS_AND_STATE,
        /** The bits toggling on its inputs: an array where every input bit that flips ripples through the cells it feeds, however little of it reaches the outputs. */
        INPUTS,
        /** The internal nodes the component counts as its state toggles, as a multiplier counts its partial products. */
        INTERNAL_NODES
    }

    /** A {@code share} of the actions' energy that follows one kind of toggles, {@code randomPerAction} of them per action on random data. */
    public record Switching(Toggles toggles, double share, double randomPerAction) {
        long of(long inputToggles, long outputToggles, long stateToggles) {
            return switch (toggles) {
                case OUTPUTS_AND_STATE -> outputToggles + stateToggles;
                case INPUTS -> inputToggles;
                case INTERNAL_NODES -> stateToggles;
            };
        }
    }

    public Shape {
        switching = List.copyOf(switching);
    }

    /** A shape whose switching follows the bits toggling on its outputs and in its state, {@code randomTogglesPerAction} per action on random data. */
    public Shape(double areaGe, double actionPj, double randomTogglesPerAction, long registerBits, double accessPj) {
        this(areaGe, actionPj, List.of(new Switching(Toggles.OUTPUTS_AND_STATE, 1, randomTogglesPerAction)), registerBits, accessPj);
    }

    /** This shape with its switching following other toggles. */
    public Shape drivenBy(Switching... shares) {
        return new Shape(areaGe, actionPj, List.of(shares), registerBits, accessPj);
    }

    /** This shape with its switching following the bits toggling on its inputs, {@code randomToggles} of them per action on random data. */
    public Shape drivenByInputs(double randomToggles) {
        return drivenBy(new Switching(Toggles.INPUTS, 1, randomToggles));
    }

    /** The data-dependent {@code share} of the actions' energy for a run's toggles, scaled so that random data gives back the action's energy. */
    public double switchingPj(long inputToggles, long outputToggles, long stateToggles, double share) {
        double pj = 0;
        for (Switching s : switching) {
            pj += s.of(inputToggles, outputToggles, stateToggles) * actionPj * share * s.share() / s.randomPerAction();
        }
        return pj;
    }

    /** Of a run's toggles, those that drive the switching of this shape, which must follow one kind. */
    public long switchingToggles(long inputToggles, long outputToggles, long stateToggles) {
        if (switching.size() != 1) {
            throw new IllegalStateException("the switching follows " + switching.size() + " kinds of toggles");
        }
        return switching.get(0).of(inputToggles, outputToggles, stateToggles);
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
