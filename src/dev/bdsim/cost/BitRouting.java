package dev.bdsim.cost;

import dev.bdsim.kernel.Port;

/** Wiring whose output bits are copies of its input bits or constants, bit by bit: what {@link FlipFlopTrim} traces through. */
public interface BitRouting {
    /** What bit {@code bit} of lane {@code lane} of output {@code out} carries. */
    RoutedBit source(Port out, int lane, int bit);

    /** An input's bit, or a constant (no port). */
    record RoutedBit(Port port, int lane, int bit, int constant) {
        public static RoutedBit of(Port port, int lane, int bit) {
            return new RoutedBit(port, lane, bit, 0);
        }

        public static RoutedBit constant(long value) {
            return new RoutedBit(null, 0, 0, (int) (value & 1));
        }

        public boolean isConstant() {
            return port == null;
        }
    }
}
