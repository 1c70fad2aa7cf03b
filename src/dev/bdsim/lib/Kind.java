package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.kernel.Component;

import java.util.List;

/**
 * A component kind: its name as netlists write it (spelled only here), the group its costs are
 * reported in, its typed parameters and the factory that builds an instance from checked values.
 * Each component class declares its kind; its cost formula and Verilog model are methods of the
 * class, which the compiler makes every library component provide.
 */
public record Kind(String name, Group group, String description, List<ParamSpec> params, Factory factory) {
    public interface Factory {
        /** May throw {@link IllegalArgumentException} for parameters it cannot build; the elaborator reports it at the instance. */
        Component create(String instanceName, Params params);
    }

    public Kind {
        params = List.copyOf(params);
    }

    public ParamSpec param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst().orElse(null);
    }
}
