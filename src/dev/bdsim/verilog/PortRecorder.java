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
    private static final long FNV_PRIME = 1099511628211L;
    private long hash = 0xcbf29ce484222325L;

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

    /** A port's lanes as its Verilog port holds them: lane l in bits [l·w, (l+1)·w), two's complement. */
    public static BigInteger packed(Simulator sim, Netlist.TopPort p) {
        BigInteger v = BigInteger.ZERO;
        int w = p.type().width();
        for (int l = p.lanes() - 1; l >= 0; l--) {
            BigInteger lane = sim.valueNow(p.nets()[l]);
            v = v.shiftLeft(w).or(lane.signum() < 0 ? lane.add(BigInteger.ONE.shiftLeft(w)) : lane);
        }
        return v;
    }

    @Override
    public void settled(Simulator sim, long cycle) {
        BigInteger v = BigInteger.ZERO;
        for (Netlist.TopPort p : ports) {
            v = v.shiftLeft(p.type().width() * p.lanes()).or(packed(sim, p));
        }
        lines.add(v);
        for (Netlist.TopPort p : ports) {
            BigInteger port = packed(sim, p);
            for (int k = 0; k * 32 < p.type().width() * p.lanes(); k++) {
                long word = port.shiftRight(32 * k).longValue();
                for (int b = 0; b < 4; b++) {
                    hash = (hash ^ (word >>> (8 * b) & 0xff)) * FNV_PRIME;
                }
            }
        }
    }

    /**
     * FNV-1a over every recorded cycle, port by port in order, each port's 32-bit words low word first and their bytes low
     * byte first: what {@code cosim.VerilatorHarness} folds on the Verilated model's ports.
     */
    public long hash() {
        return hash;
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
