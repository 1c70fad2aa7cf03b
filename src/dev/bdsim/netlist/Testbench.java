package dev.bdsim.netlist;

import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Simulator;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Drives an elaborated netlist from Java by port name: set inputs, step the clock, read outputs.
 * Values set stay until set again; reads see the settled logic of the current cycle.
 */
public final class Testbench {
    private final Netlist netlist;
    private final Simulator sim;

    public Testbench(Netlist netlist) {
        this.netlist = netlist;
        this.sim = netlist.simulator();
    }

    public Netlist netlist() {
        return netlist;
    }

    /** Sets every lane of an input port. */
    public Testbench set(String port, long value) {
        for (int net : input(port).nets()) {
            sim.set(net, value);
        }
        return this;
    }

    public Testbench set(String port, int lane, long value) {
        sim.set(lane(input(port), lane), value);
        return this;
    }

    public long get(String port) {
        return get(port, 0);
    }

    public long get(String port, int lane) {
        return sim.get(lane(any(port), lane));
    }

    public BigInteger value(String port, int lane) {
        return sim.value(lane(any(port), lane));
    }

    /** One clock cycle. */
    public Testbench step() {
        sim.tick();
        return this;
    }

    public Testbench run(long cycles) {
        sim.run(cycles);
        return this;
    }

    public long cycle() {
        return sim.cycle();
    }

    public List<Activity> activity() {
        return sim.activity();
    }

    public Activity activity(String instance) {
        return sim.activity().stream().filter(a -> a.instance().equals(instance)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + instance));
    }

    private static int lane(Netlist.TopPort p, int lane) {
        if (lane < 0 || lane >= p.lanes()) {
            throw new IllegalArgumentException(p.name() + " has lanes 0.." + (p.lanes() - 1) + ", not " + lane);
        }
        return p.nets()[lane];
    }

    private Netlist.TopPort input(String port) {
        Netlist.TopPort p = netlist.input(port);
        if (p == null) {
            throw new IllegalArgumentException(netlist.top() + " has no input " + port + "; inputs: " + names(netlist.inputs()));
        }
        return p;
    }

    private Netlist.TopPort any(String port) {
        Netlist.TopPort p = netlist.output(port);
        if (p == null) {
            p = netlist.input(port);
        }
        if (p == null) {
            throw new IllegalArgumentException(netlist.top() + " has no port " + port + "; outputs: " + names(netlist.outputs()));
        }
        return p;
    }

    private static String names(List<Netlist.TopPort> ports) {
        return ports.stream().map(Netlist.TopPort::name).collect(Collectors.joining(", "));
    }
}
