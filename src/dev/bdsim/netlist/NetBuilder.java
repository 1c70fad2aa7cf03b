package dev.bdsim.netlist;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.SignalType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The elaborator's net builder: every signal lane of a declaration or port is a slot; connections
 * join slots (a union-find), each joined set has at most one driver, and when elaboration is done
 * each set becomes one net of the circuit, named after its best-ranked slot (a top port before a
 * wire before a component port).
 */
final class NetBuilder {
    private final long maxSlots;
    private int[] parent = new int[1024];
    private final List<SignalType> type = new ArrayList<>();
    private final List<String> name = new ArrayList<>();
    private final List<Integer> rank = new ArrayList<>();
    private final Map<Integer, String> driverOfRoot = new HashMap<>();
    private String[] bestNames;

    NetBuilder(long maxSlots) {
        this.maxSlots = maxSlots;
    }

    /** New slots for {@code lanes} lanes of a signal; {@code rank} orders the names a net may take (lower first). */
    int[] add(SignalType laneType, int lanes, boolean array, String signal, int nameRank, Pos pos) {
        int first = type.size();
        if (first + (long) lanes > maxSlots) {
            throw new NetlistException(pos, "netlist too large: more than " + maxSlots + " signal lanes");
        }
        if (parent.length < first + lanes) {
            parent = Arrays.copyOf(parent, Math.max(parent.length * 2, first + lanes));
        }
        int[] slots = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            int s = first + i;
            parent[s] = s;
            type.add(laneType);
            name.add(array ? signal + "[" + i + "]" : signal);
            rank.add(nameRank);
            slots[i] = s;
        }
        bestNames = null;
        return slots;
    }

    int find(int s) {
        while (parent[s] != s) {
            parent[s] = parent[parent[s]];
            s = parent[s];
        }
        return s;
    }

    String slotName(int slot) {
        return name.get(slot);
    }

    boolean driven(int slot) {
        return driverOfRoot.containsKey(find(slot));
    }

    /** Records that {@code driver} drives the slot's net; a second driver is an error at {@code pos}. */
    void drive(int slot, String driver, Pos pos) {
        int root = find(slot);
        String existing = driverOfRoot.get(root);
        if (existing != null) {
            throw new NetlistException(pos, "multiple drivers: " + name.get(slot) + " is driven by " + existing + " and by " + driver);
        }
        driverOfRoot.put(root, driver);
    }

    /** Joins two slots into one net; two drivers on it are an error at {@code pos} naming {@code what}. */
    void union(int a, int b, Pos pos, String what) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        String da = driverOfRoot.get(ra);
        String db = driverOfRoot.get(rb);
        if (da != null && db != null) {
            throw new NetlistException(pos, "multiple drivers: " + what + " is driven by " + db + " and by " + da);
        }
        parent[rb] = ra;
        bestNames = null;
        if (db != null) {
            driverOfRoot.remove(rb);
            driverOfRoot.put(ra, db);
        }
    }

    /** The name a slot's net takes: the best-ranked slot joined into it. */
    String netName(int slot) {
        if (bestNames == null) {
            bestNames = new String[type.size()];
            int[] best = new int[type.size()];
            for (int s = 0; s < type.size(); s++) {
                int r = find(s);
                int k = rank.get(s);
                if (bestNames[r] == null || k < best[r]) {
                    bestNames[r] = name.get(s);
                    best[r] = k;
                }
            }
        }
        return bestNames[find(slot)];
    }

    /** Creates one net of {@code circuit} per joined set; the net of every slot. */
    int[] build(Circuit circuit) {
        int[] netOfRoot = new int[type.size()];
        Arrays.fill(netOfRoot, -1);
        int[] netOfSlot = new int[type.size()];
        for (int s = 0; s < type.size(); s++) {
            int root = find(s);
            if (netOfRoot[root] < 0) {
                netOfRoot[root] = circuit.net(netName(root), type.get(root));
            }
            netOfSlot[s] = netOfRoot[root];
        }
        return netOfSlot;
    }
}
