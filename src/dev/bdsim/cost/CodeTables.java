package dev.bdsim.cost;

import dev.bdsim.kernel.Port;

import java.util.List;

/**
 * A component whose outputs are, lane by lane, constant tables of one input's lane (an element decoder): logic that
 * synthesis, flattening a netlist, can merge into the logic that reads them (see {@link MergedTables}).
 */
public interface CodeTables {
    /** The input whose lane every table reads. */
    Port code();

    /** The value of output {@code out} for every code, or null when {@code out} is not a table of the code. */
    long[] table(Port out);

    /** The outputs that the component's priced logic computes: while another component reads one, the logic stays. */
    List<Port> pricedOutputs();
}
