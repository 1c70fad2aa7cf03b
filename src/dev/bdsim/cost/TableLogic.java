package dev.bdsim.cost;

import java.util.HashMap;
import java.util.Map;

/**
 * Gates of a constant table, {@code y = T[x]}, as logic synthesis builds one: the reduced ordered
 * binary decision diagram of the table's output bits, nodes shared between the bits, each node one
 * gate: a 2:1 multiplexer, an AND or OR where one branch is a constant, nothing where the node is
 * its select input or that input inverted (the inversion folds into the next gate). Nodes are priced
 * as gates inside a tree of multiplexers ({@link TechLibrary#muxTreeGe()}), where a library's
 * inverting cells need no inverters between levels. The cheaper of
 * the two natural variable orders (most or least significant select bit first) is taken, as a
 * synthesis tool reorders. A leaf may also be a signal the table passes through (a multiplexer's
 * data input), so one rule prices a decoder's constants and the multiplexers between its stages.
 */
public final class TableLogic {
    /** Leaf value of a constant 0 or 1; signals that pass through are numbered from {@link #FIRST_SIGNAL}. */
    public static final int ZERO = 0;
    public static final int ONE = 1;
    public static final int FIRST_SIGNAL = 2;

    private TableLogic() {}

    /** Gates of {@code outBits}-bit entries {@code table[x]}, {@code x} of {@code inBits} bits (missing entries are 0). */
    public static double ge(long[] table, int inBits, int outBits, TechLibrary tech) {
        int size = 1 << inBits;
        int[][] leaves = new int[outBits][size];
        for (int b = 0; b < outBits; b++) {
            for (int x = 0; x < Math.min(size, table.length); x++) {
                leaves[b][x] = (int) (table[x] >>> b & 1);
            }
        }
        return ge(leaves, inBits, tech);
    }

    /** Gates of the functions {@code leaves[bit][x]} of a {@code selectBits}-bit select {@code x}. */
    public static double ge(int[][] leaves, int selectBits, TechLibrary tech) {
        return Math.min(diagram(leaves, selectBits, false).ge(tech), diagram(leaves, selectBits, true).ge(tech));
    }

    /** Decision nodes of the shared diagram in the cheaper order: a logic depth of the table is about log2 of it. */
    public static int nodes(int[][] leaves, int selectBits) {
        return Math.min(diagram(leaves, selectBits, false).nodes.size(), diagram(leaves, selectBits, true).nodes.size());
    }

    private record Node(int lo, int hi) {}

    private static final class Diagram {
        final Map<Long, Integer> unique = new HashMap<>();
        final Map<Integer, Node> nodes = new HashMap<>();
        int next;

        Diagram(int firstId) {
            next = firstId;
        }

        int node(int level, int lo, int hi) {
            if (lo == hi) {
                return lo;
            }
            long key = ((long) level << 42) | ((long) lo << 21) | hi;
            Integer id = unique.get(key);
            if (id == null) {
                id = next++;
                unique.put(key, id);
                nodes.put(id, new Node(lo, hi));
            }
            return id;
        }

        double ge(TechLibrary tech) {
            double ge = 0;
            for (Node n : nodes.values()) {
                boolean wire = (n.lo == ZERO && n.hi == ONE) || (n.lo == ONE && n.hi == ZERO);
                boolean constantBranch = n.lo <= ONE || n.hi <= ONE;
                ge += wire ? 0 : constantBranch ? tech.muxTreeGateGe() : tech.muxTreeGe();
            }
            return ge;
        }
    }

    private static Diagram diagram(int[][] leaves, int selectBits, boolean lowBitFirst) {
        int size = 1 << selectBits;
        int maxLeaf = ONE;
        for (int[] bit : leaves) {
            for (int v : bit) {
                maxLeaf = Math.max(maxLeaf, v);
            }
        }
        Diagram d = new Diagram(maxLeaf + 1);
        for (int[] bit : leaves) {
            int[] ordered = new int[size];
            for (int x = 0; x < size; x++) {
                ordered[lowBitFirst ? Integer.reverse(x) >>> (32 - Math.max(selectBits, 1)) & (size - 1) : x] = x < bit.length ? bit[x] : ZERO;
            }
            build(d, ordered, 0, size, 0);
        }
        return d;
    }

    /** The node of entries {@code [from, from + size)}, split on the select bit of weight {@code size / 2}. */
    private static int build(Diagram d, int[] leaves, int from, int size, int level) {
        if (size == 1) {
            return leaves[from];
        }
        int half = size / 2;
        int lo = build(d, leaves, from, half, level + 1);
        int hi = build(d, leaves, from + half, half, level + 1);
        return d.node(level, lo, hi);
    }
}
