package dev.bdsim.lib;

import dev.bdsim.kernel.Component;

/** A component that is only wires (slices, concatenations, casts, constants): no logic, no energy. */
abstract class Wiring extends Component {
    Wiring(String name) {
        super(name);
    }

    @Override
    public final boolean isWiring() {
        return true;
    }
}
