package dev.bdsim.hdl;

import java.util.function.IntFunction;

/** A component written as plain assignments instead of a module: slices, concatenations, casts, constants. */
public interface VerilogWiring {
    /**
     * The expression that drives output lane {@code lane} of port {@code y}.
     *
     * @param net the Verilog name of a net id
     */
    String verilogExpression(int lane, IntFunction<String> net);
}
