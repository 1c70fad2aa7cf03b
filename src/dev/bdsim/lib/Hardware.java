package dev.bdsim.lib;

import dev.bdsim.cost.CostFormula;
import dev.bdsim.cost.Group;
import dev.bdsim.hdl.VerilogModel;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;

/**
 * A library component with logic: besides its behaviour it must give its kind, its cost formula
 * and its Verilog model, so none can be forgotten when a component is added.
 */
public abstract class Hardware extends Component implements CostFormula, VerilogModel {
    protected Hardware(String name) {
        super(name);
    }

    public abstract Kind kind();

    @Override
    public final String typeName() {
        return kind().name();
    }

    /** The kind's group; a kind whose parameters change what the instance is (a FIFO in SRAM is a buffer) may refine it. */
    @Override
    public Group group() {
        return kind().group();
    }

    // ---- the structure of the instance, for cost formulas and Verilog models ----

    protected final int width(String portName) {
        return declared(portName).type().width();
    }

    protected final boolean signedPort(String portName) {
        return declared(portName).type().signed();
    }

    protected final int lanesOf(String portName) {
        return declared(portName).lanes();
    }

    /** The most lanes of any port. */
    protected final int maxLanes() {
        int lanes = 1;
        for (Port p : ports()) {
            lanes = Math.max(lanes, p.lanes());
        }
        return lanes;
    }

    /** Bits of all outputs together. */
    protected final long outputBits() {
        long bits = 0;
        for (Port p : ports()) {
            if (p.direction() == Port.Direction.OUT) {
                bits += (long) p.type().width() * p.lanes();
            }
        }
        return bits;
    }

    private Port declared(String portName) {
        Port p = port(portName);
        if (p == null) {
            throw new IllegalStateException(this + " has no port " + portName);
        }
        return p;
    }
}
