package dev.bdsim.golden;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Netlist;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records a netlist's top outputs as change events every cycle, keeping a prefix and hashing all. */
public final class OutputRecorder implements Simulator.CycleObserver {
    private final List<String> names = new ArrayList<>();
    private final List<Integer> nets = new ArrayList<>();
    private final BigInteger[] last;
    private final List<GoldenResult.Event> prefix = new ArrayList<>();
    private final Hasher hash = Hashing.sha256().newHasher();
    private final Simulator sim;
    private long total;

    public OutputRecorder(Netlist netlist, Simulator sim) {
        this.sim = sim;
        for (Netlist.TopPort p : netlist.outputs()) {
            for (int lane = 0; lane < p.lanes(); lane++) {
                names.add(p.array() ? p.name() + "[" + lane + "]" : p.name());
                nets.add(p.nets()[lane]);
            }
        }
        last = new BigInteger[nets.size()];
        sim.addObserver(this);
    }

    @Override
    public void settled(Simulator sim, long cycle) {
        for (int i = 0; i < last.length; i++) {
            BigInteger v = sim.valueNow(nets.get(i));
            if (!v.equals(last[i])) {
                last[i] = v;
                GoldenResult.Event e = new GoldenResult.Event(cycle, names.get(i), v);
                hash.putString(e.line() + "\n", StandardCharsets.UTF_8);
                if (prefix.size() < GoldenResult.PREFIX_EVENTS) {
                    prefix.add(e);
                }
                total++;
            }
        }
    }

    /** The stream, including the values the last clock edge produced (the cycle no tick observed yet). */
    public GoldenResult result(GoldenCase c, Map<String, String> metrics, List<GoldenResult.ComponentLine> lines) {
        sim.settle();
        settled(sim, sim.cycle());
        return new GoldenResult(c, metrics, lines, prefix, total, hash.hash().toString());
    }

    /** The hash a recorder gives a stream of these events. */
    public static String sha256(List<GoldenResult.Event> events) {
        Hasher h = Hashing.sha256().newHasher();
        for (GoldenResult.Event e : events) {
            h.putString(e.line() + "\n", StandardCharsets.UTF_8);
        }
        return h.hash().toString();
    }
}
