package dev.bdsim.cost;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What synthesis makes of a multiplier whose two operands are constant tables of narrow codes (an E2M1 decoder's
 * magnitude takes 8 values): flattened, the two decoders and the array are one function of the two codes, and the
 * tools keep the cheaper structure. Where a multiplier's operands come straight from {@link CodeTables} outputs that
 * nothing else reads, the three are priced as the smaller of the array with its decoders and the multiplier's
 * {@link TableProduct#tableProductGe table of the codes}; merged, the multiplier carries that table's area and its
 * decoders none. Area only: every component keeps the energy of its own toggles, which are the merged logic's signals.
 */
public final class MergedTables {
    /** Nothing merged. */
    public static final MergedTables NONE = new MergedTables(Map.of());

    /** Codes of at most this many bits together are merged (a table of 2^16 entries still reduces in milliseconds). */
    static final int MAX_CODE_BITS = 16;

    /** A multiplier and the table components of its two operands (the same one twice if it feeds both). */
    private record Merge(Component multiplier, Port aTable, Port bTable) {}

    private final Map<Component, Merge> merges;
    /** Per merge and library, decided once for its three components: the merged area, or NaN where apart is cheaper. */
    private final Map<List<Object>, Double> chosen = new ConcurrentHashMap<>();

    private MergedTables(Map<Component, Merge> merges) {
        this.merges = merges;
    }

    /** The multipliers of a circuit whose top outputs are {@code outputNets} that could merge with their decoders. */
    static MergedTables of(Circuit circuit, NetDrivers nets, int[] outputNets) {
        Set<Integer> outputs = new HashSet<>();
        for (int net : outputNets) {
            outputs.add(net);
        }
        Map<Component, Merge> merges = new IdentityHashMap<>();
        for (Component c : circuit.components()) {
            if (!(c instanceof TableProduct product)) {
                continue;
            }
            Port a = tableDriving(product.a(), nets);
            Port b = tableDriving(product.b(), nets);
            if (a == null || b == null || codeBits(a) + codeBits(b) > MAX_CODE_BITS
                    || !readOnlyBy(a.owner(), c, nets, outputs) || !readOnlyBy(b.owner(), c, nets, outputs)) {
                continue;
            }
            Merge m = new Merge(c, a, b);
            merges.put(c, m);
            merges.put(a.owner(), m);
            merges.put(b.owner(), m);
        }
        return new MergedTables(merges);
    }

    /** The table output whose lane l drives lane l of {@code operand}, all lanes from one port; null if there is none. */
    private static Port tableDriving(Port operand, NetDrivers nets) {
        Port table = null;
        for (int lane = 0; lane < operand.lanes(); lane++) {
            int net = operand.net(lane);
            Port out = net < 0 ? null : nets.driver(net);
            if (out == null || nets.driverLane(net) != lane || (table != null && out != table)
                    || !(out.owner() instanceof CodeTables t) || t.table(out) == null || out.lanes() != operand.lanes()) {
                return null;
            }
            table = out;
        }
        return table;
    }

    private static int codeBits(Port table) {
        return ((CodeTables) table.owner()).code().type().width();
    }

    /** Whether every output that {@code tables}' logic computes is read by {@code multiplier} alone, and by no top output. */
    private static boolean readOnlyBy(Component tables, Component multiplier, NetDrivers nets, Set<Integer> outputs) {
        for (Port p : ((CodeTables) tables).pricedOutputs()) {
            for (int lane = 0; lane < p.lanes(); lane++) {
                int net = p.net(lane);
                if (net < 0) {
                    continue;
                }
                if (outputs.contains(net)) {
                    return false;
                }
                for (Port reader : nets.readers(net)) {
                    if (reader.owner() != multiplier) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code s}, the shape of {@code c}, with the area of the merged structure where merging is the cheaper. */
    public Shape apply(Component c, Shape s, TechLibrary tech) {
        Merge m = merges.get(c);
        if (m == null) {
            return s;
        }
        double merged = chosen.computeIfAbsent(List.of(m, tech), k -> {
            double table = mergedGe(m, tech);
            return table < apartGe(m, tech) ? table : Double.NaN;
        });
        if (Double.isNaN(merged)) {
            return s;
        }
        return new Shape(c == m.multiplier() ? merged : 0, s.actionPj(), s.switching(), s.registerBits(), s.accessPj());
    }

    private static double mergedGe(Merge m, TechLibrary tech) {
        CodeTables a = (CodeTables) m.aTable().owner();
        CodeTables b = (CodeTables) m.bTable().owner();
        double lane = ((TableProduct) m.multiplier()).tableProductGe(a.table(m.aTable()), codeBits(m.aTable()), b.table(m.bTable()),
                codeBits(m.bTable()), tech);
        return lane * ((TableProduct) m.multiplier()).a().lanes();
    }

    private static double apartGe(Merge m, TechLibrary tech) {
        double ge = area(m.multiplier(), tech) + area(m.aTable().owner(), tech);
        return m.bTable().owner() == m.aTable().owner() ? ge : ge + area(m.bTable().owner(), tech);
    }

    private static double area(Component c, TechLibrary tech) {
        return CostModel.formula(c).shape(tech).areaGe();
    }
}
