package dev.bdsim.lib;

import dev.bdsim.cost.BitRouting;
import dev.bdsim.cost.CostFormula;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.VerilogWiring;
import dev.bdsim.kernel.Component;

/**
 * A component that is only wires (slices, concatenations, casts, constants): no logic, no energy,
 * written in Verilog as an assignment per output lane; each output bit a copy of an input bit or a constant.
 */
public abstract class Wiring extends Component implements CostFormula, VerilogWiring, BitRouting {
    Wiring(String name) {
        super(name);
    }

    public abstract Kind kind();

    @Override
    public final String typeName() {
        return kind().name();
    }

    @Override
    public final boolean isWiring() {
        return true;
    }

    @Override
    public final Group group() {
        return Group.WIRING;
    }

    @Override
    public final Shape shape(TechLibrary tech) {
        return Shape.NONE;
    }

    @Override
    public final Levels levels() {
        return Levels.NONE;
    }
}
