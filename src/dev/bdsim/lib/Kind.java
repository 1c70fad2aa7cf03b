package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.kernel.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component kind: its name as netlists write it (spelled only here), the group its costs are
 * reported in, its typed parameters and the factory that builds an instance from checked values.
 * Each component class declares its kind; its cost formula and Verilog model are methods of the
 * class, which the compiler makes every library component provide.
 */
public record Kind(String name, Group group, String description, List<ParamSpec> params, Factory factory, Map<String, Object> example) {
    public interface Factory {
        /** May throw {@link IllegalArgumentException} for parameters it cannot build; the elaborator reports it at the instance. */
        Component create(String instanceName, Params params);
    }

    public Kind {
        params = List.copyOf(params);
        example = Map.copyOf(example);
        for (String key : example.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(key))) {
                throw new IllegalArgumentException(name + ": the example sets " + key + ", which is not a parameter");
            }
        }
    }

    public Kind(String name, Group group, String description, List<ParamSpec> params, Factory factory) {
        this(name, group, description, params, factory, Map.of());
    }

    /** This kind with values for the parameters that have no default, so that {@link #exampleParameters} builds a typical instance. */
    public Kind withExample(Map<String, Object> values) {
        return new Kind(name, group, description, params, factory, values);
    }

    /**
     * The parameters of a typical single-lane instance, as the library's checks, the synthesis
     * comparison and the documentation use it: every default, the kind's example values, 8 bits
     * where a width has no default, one lane.
     */
    public Map<String, Object> exampleParameters() {
        // in the order the parameters are declared, whatever the order of the example's map
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            Object value = example.containsKey(p.name()) ? example.get(p.name()) : p.defaultValue();
            if (value != null) {
                values.put(p.name(), value);
            }
        }
        if (param("width") != null && param("width").defaultValue() == null) {
            values.putIfAbsent("width", 8L);
        }
        if (param("lanes") != null) {
            values.put("lanes", 1L);
        }
        return values;
    }

    public ParamSpec param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst().orElse(null);
    }
}
