package dev.bdsim.verilog;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Netlist;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The top inputs' (or outputs') values in every cycle, packed as the testbench reads them. */
public final class PortRecorder implements Simulator.CycleObserver {
    private final Netlist netlist;
    private final Simulator sim;
    private final List<Netlist.TopPort> ports;
    private final List<BigInteger> lines = new ArrayList<>();

    /** Records the top inputs of {@code netlist} as simulated by {@code sim}. */
    public PortRecorder(Netlist netlist, Simulator sim) {
        this(netlist, sim, netlist.inputs());
    }

    public PortRecorder(Netlist netlist, Simulator sim, List<Netlist.TopPort> ports) {
        this.netlist = netlist;
        this.sim = sim;
        this.ports = ports;
        sim.addObserver(this);
    }

    /** Records once more after the last edge (for outputs: the final state). */
    public void finish() {
        sim.settle();
        settled(sim, sim.cycle());
    }

    @Override
    public void settled(Simulator sim, long cycle) {
        BigInteger v = BigInteger.ZERO;
        for (Netlist.TopPort p : ports) {
            int w = p.type().width();
            for (int l = p.lanes() - 1; l >= 0; l--) {
                BigInteger lane = sim.valueNow(p.nets()[l]);
                v = v.shiftLeft(w).or(lane.signum() < 0 ? lane.add(BigInteger.ONE.shiftLeft(w)) : lane);
            }
        }
        lines.add(v);
    }

    public int cycles() {
        return lines.size();
    }

    public Netlist netlist() {
        return netlist;
    }

    public void write(Path file) throws IOException {
        AtomicFile.writeText(file, w -> {
            for (BigInteger v : lines) {
                w.write(v.toString(16) + "\n");
            }
        });
    }
}
