package dev.bdsim.cost;

/**
 * The logic depth of a component, in levels: one level is a two-input gate driving four others
 * (the library's {@code gate_delay_ps}). {@code combinational}: from a combinational input to a
 * combinational output; {@code sampled}: from a sampled input to the flip-flops that take it (the
 * logic in front of the component's state); {@code internal}: the deepest register-to-register
 * stage inside a pipelined component. The area formulas count the cells of the plain structures
 * (ripple-carry adders, array multipliers); the depths are those of the fast structures a synthesis
 * tool builds from the same logic when it maps for delay, as ABC does: parallel-prefix adders and
 * carry-save (Wallace) reduction of partial products. Checked against static timing of the
 * synthesized units ({@code cost --synth}).
 */
public record Levels(double combinational, double sampled, double internal) {
    public static final Levels NONE = new Levels(0, 0, 0);

    /** Combinational logic of this depth. */
    public static Levels through(double levels) {
        return new Levels(levels, 0, 0);
    }

    /** Logic of this depth in front of the component's flip-flops. */
    public static Levels into(double levels) {
        return new Levels(0, levels, 0);
    }

    /** A parallel-prefix adder of {@code bits}: generate/propagate, two levels per prefix level, the sum's XOR. */
    public static double add(int bits) {
        return 1 + 2.0 * log2(bits) + 2;
    }

    /** Carry-save reduction of {@code operands} rows to two (Wallace): three levels per full-adder stage. */
    public static double reduce(int operands) {
        int stages = 0;
        for (int n = operands; n > 2; n = n - n / 3) {
            stages++;
        }
        return 3.0 * stages;
    }

    /** ⌈log2 n⌉, at least 1. */
    public static int log2(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n) - 1));
    }

    /** A two-level table (sum of products) of {@code inputs} inputs built from two-input gates. */
    public static double table(int inputs) {
        return inputs + 1.0;
    }

    /** A multiplexer tree over {@code inputs} inputs. */
    public static double mux(int inputs) {
        return inputs <= 1 ? 0 : 2.0 * log2(inputs);
    }
}
