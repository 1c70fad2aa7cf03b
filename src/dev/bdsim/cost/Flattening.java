package dev.bdsim.cost;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;

/**
 * What synthesis does across component boundaries when it flattens a netlist, as far as the cost model follows it: the
 * flip-flops it keeps ({@link FlipFlopTrim}) and the decoders it merges into the multiplier that reads them
 * ({@link MergedTables}).
 */
public record Flattening(FlipFlopTrim flipFlops, MergedTables tables) {
    /** Every component priced on its own. */
    public static final Flattening NONE = new Flattening(FlipFlopTrim.NONE, MergedTables.NONE);

    /** The flattening of a circuit whose top outputs are {@code outputNets}. */
    public static Flattening of(Circuit circuit, int[] outputNets) {
        NetDrivers nets = new NetDrivers(circuit);
        return new Flattening(FlipFlopTrim.of(circuit, nets, outputNets), MergedTables.of(circuit, nets, outputNets));
    }

    /** {@code s}, the shape of {@code c} priced on its own, as the flattened netlist builds it. */
    public Shape apply(Component c, Shape s, TechLibrary tech) {
        return tables.apply(c, flipFlops.apply(c, s, tech), tech);
    }
}
