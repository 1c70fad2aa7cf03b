package dev.bdsim.netlist;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.kernel.Simulator;

import java.util.List;
import java.util.Map;

/**
 * An elaborated netlist: the flat circuit with a simulator ready at cycle 0, the top module's
 * ports, and every named signal of every module instance (for waveforms).
 */
public record Netlist(String file, String top, Map<String, Object> parameters, Circuit circuit, Simulator simulator,
                      List<TopPort> inputs, List<TopPort> outputs, String resetPort, List<Probe> probes) {

    /** A port of the top module; one net per lane. */
    public record TopPort(String name, SignalType type, boolean array, int[] nets) {
        public int lanes() {
            return nets.length;
        }
    }

    /** A named signal lane inside a module instance; {@code scope} is the instance path, top first. */
    public record Probe(List<String> scope, String name, int net) {
    }

    public TopPort input(String name) {
        return inputs.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public TopPort output(String name) {
        return outputs.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
