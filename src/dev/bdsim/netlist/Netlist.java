package dev.bdsim.netlist;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.kernel.Simulator;

import java.util.List;
import java.util.Map;

/**
 * An elaborated netlist: the flat circuit (complete, its combinational logic free of loops), the
 * top module's ports, and every named signal of every module instance (for waveforms). It holds no
 * simulation state: {@link #simulator()} starts one.
 */
public record Netlist(String file, String top, Map<String, Object> parameters, Circuit circuit,
                      List<TopPort> inputs, List<TopPort> outputs, String resetPort, List<Probe> probes) {

    /** A new simulation of the circuit at cycle 0, after its power-on reset; its components report to it from now on. */
    public Simulator simulator() {
        return new Simulator(circuit);
    }

    /** As {@link #simulator()}, on a chosen engine. */
    public Simulator simulator(Simulator.Engine engine) {
        return new Simulator(circuit, engine);
    }

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

    /**
     * The flattened circuit as text, the elaborator's output before any simulation: the top ports and
     * their nets, every net with its type and name, and every component instance (wiring included)
     * with its kind, origin and the nets of each port, in the order the elaborator created them.
     */
    public String flatDump() {
        StringBuilder b = new StringBuilder();
        List<Component> components = circuit.components();
        b.append("// ").append(file).append(": module ").append(top).append(' ').append(parameters).append(", flattened: ")
                .append(components.size()).append(" components, ").append(circuit.netCount()).append(" nets\n");
        for (TopPort p : inputs) {
            b.append("in  ").append(p.name()).append(" : ").append(p.type()).append(" = ").append(netList(p.nets())).append('\n');
        }
        for (TopPort p : outputs) {
            b.append("out ").append(p.name()).append(" : ").append(p.type()).append(" = ").append(netList(p.nets())).append('\n');
        }
        if (resetPort != null) {
            b.append("reset ").append(resetPort).append('\n');
        }
        b.append("\nnets:\n");
        for (int n = 0; n < circuit.netCount(); n++) {
            b.append(String.format(java.util.Locale.ROOT, "  n%-6d %-6s %s%n", n, circuit.netType(n), circuit.netName(n)));
        }
        b.append("\ncomponents:\n");
        for (Component c : components) {
            b.append("  ").append(c.name()).append(" : ").append(c.typeName()).append(c.origin().isEmpty() ? "" : " (" + c.origin() + ")")
                    .append('\n');
            for (Port p : c.ports()) {
                int[] nets = new int[p.lanes()];
                for (int l = 0; l < nets.length; l++) {
                    nets[l] = p.net(l);
                }
                b.append("      ").append(p.isInput() ? "in  " : "out ").append(p.name()).append(" : ").append(p.type())
                        .append(p.lanes() > 1 ? "[" + p.lanes() + "]" : "").append(" = ").append(netList(nets)).append('\n');
            }
        }
        return b.toString();
    }

    private static String netList(int[] nets) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nets.length; i++) {
            b.append(i == 0 ? "" : ", ").append(nets[i] < 0 ? "(default)" : "n" + nets[i]);
        }
        return b.toString();
    }
}
