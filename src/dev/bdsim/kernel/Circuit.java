package dev.bdsim.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flat circuit under construction: nets and the components whose ports are bound to them. The
 * netlist elaborator builds one from DSL text; tests and tools may build one directly.
 */
public final class Circuit {
    private final List<String> netNames = new ArrayList<>();
    private final List<SignalType> netTypes = new ArrayList<>();
    private final List<Component> components = new ArrayList<>();
    private final Map<Integer, Long> constantNets = new LinkedHashMap<>();
    private int resetNet = -1;
    private boolean loopsAllowed;

    /** Adds a net and returns its id. */
    public int net(String name, SignalType type) {
        netNames.add(name);
        netTypes.add(type);
        return netNames.size() - 1;
    }

    public <C extends Component> C add(C component) {
        components.add(component);
        return component;
    }

    /** Binds every lane of a port, in order, to the given nets. */
    public void connect(Port port, int... nets) {
        if (nets.length != port.lanes()) {
            throw new IllegalArgumentException(port + " has " + port.lanes() + " lanes, got " + nets.length + " nets");
        }
        for (int lane = 0; lane < nets.length; lane++) {
            connect(port, lane, nets[lane]);
        }
    }

    public void connect(Port port, int lane, int net) {
        SignalType t = netTypes.get(net);
        if (!t.equals(port.type())) {
            throw new IllegalArgumentException(port + " is " + port.type() + " but net " + netNames.get(net) + " is " + t);
        }
        port.nets[lane] = net;
    }

    /** The net whose high level resets every sequential component synchronously. */
    public void setReset(int net) {
        if (netTypes.get(net).width() != 1) {
            throw new IllegalArgumentException("reset net " + netNames.get(net) + " must be 1 bit wide");
        }
        resetNet = net;
    }

    /**
     * Accepts combinational loops: they are then settled by delta cycles, and a loop that never
     * settles is reported as an oscillation. Without this, a loop is rejected when the simulator is built.
     */
    public void allowCombinationalLoops() {
        loopsAllowed = true;
    }

    /**
     * Binds every unconnected optional input (other than a clock enable, which is then always on)
     * to a constant net holding its default. The elaborator calls it when a circuit is complete; a
     * circuit built through the Java API calls it before it is simulated.
     */
    public void bindDefaults() {
        for (Component c : components) {
            for (Port p : c.ports()) {
                if (p.isInput() && p.optional() && p.nets[0] < 0 && p != c.clockEnablePort()) {
                    for (int lane = 0; lane < p.lanes(); lane++) {
                        p.nets[lane] = net(c.name() + "." + p.name() + "(default)", p.type());
                        constantNets.put(p.nets[lane], p.defaultValue());
                    }
                }
            }
        }
    }

    /** Nets that hold a constant (the defaults of optional inputs), with their values. */
    Map<Integer, Long> constantNets() {
        return Collections.unmodifiableMap(constantNets);
    }

    public int netCount() {
        return netNames.size();
    }

    public String netName(int net) {
        return netNames.get(net);
    }

    public SignalType netType(int net) {
        return netTypes.get(net);
    }

    public List<Component> components() {
        return Collections.unmodifiableList(components);
    }

    int resetNet() {
        return resetNet;
    }

    boolean loopsAllowed() {
        return loopsAllowed;
    }
}
