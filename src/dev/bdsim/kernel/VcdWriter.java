package dev.bdsim.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Value Change Dump of named nets while a simulation runs. Cycle {@code c} spans times
 * {@code 10c .. 10c+9} (1 ns units): its settled values appear at {@code 10c} with the clock low,
 * the rising edge that samples them at {@code 10c+5}. Nets with several names share one identifier.
 */
public final class VcdWriter implements Simulator.CycleObserver {
    /** One name of a net in a scope (the path of module instances, top first). */
    public record Signal(List<String> scope, String name, int net) {
    }

    private static final class Scope {
        final Map<String, Scope> children = new LinkedHashMap<>();
        final List<String> vars = new ArrayList<>();
    }

    private final Writer out;
    private final int[] nets;
    private final String[] ids;
    private final long[] lastLo;
    private final long[] lastHi;
    private final String clockId;
    private boolean started;

    public VcdWriter(Writer out, Simulator sim, List<Signal> signals, String clockScope) throws IOException {
        this.out = out;
        Circuit circuit = sim.circuit();
        Map<Integer, String> idOfNet = new LinkedHashMap<>();
        Scope root = new Scope();
        Scope top = root.children.computeIfAbsent(sanitize(clockScope), k -> new Scope());
        clockId = code(0);
        top.vars.add("$var wire 1 " + clockId + " clk $end");
        Map<String, Integer> namesInScope = new HashMap<>();
        for (Signal s : signals) {
            String id = idOfNet.computeIfAbsent(s.net(), n -> code(idOfNet.size() + 1));
            Scope scope = root;
            for (String part : s.scope()) {
                scope = scope.children.computeIfAbsent(sanitize(part), k -> new Scope());
            }
            String name = sanitize(s.name());
            String key = String.join("/", s.scope()) + "/" + name;
            int dup = namesInScope.merge(key, 1, Integer::sum);
            if (dup > 1) {
                name = name + "_" + dup;
            }
            scope.vars.add("$var wire " + circuit.netType(s.net()).width() + " " + id + " " + name + " $end");
        }
        nets = idOfNet.keySet().stream().mapToInt(Integer::intValue).toArray();
        ids = idOfNet.values().toArray(new String[0]);
        lastLo = new long[nets.length];
        lastHi = new long[nets.length];
        StringBuilder sb = new StringBuilder();
        sb.append("$version bdsim $end\n$timescale 1ns $end\n");
        writeScope(sb, root, null);
        sb.append("$enddefinitions $end\n");
        out.write(sb.toString());
    }

    private static void writeScope(StringBuilder sb, Scope scope, String name) {
        if (name != null) {
            sb.append("$scope module ").append(name).append(" $end\n");
        }
        for (String v : scope.vars) {
            sb.append(v).append('\n');
        }
        scope.children.forEach((n, child) -> writeScope(sb, child, n));
        if (name != null) {
            sb.append("$upscope $end\n");
        }
    }

    /** VCD identifiers are strings of printable characters '!'..'~'. */
    private static String code(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('!' + n % 94));
            n /= 94;
        } while (n > 0);
        return sb.toString();
    }

    private static String sanitize(String name) {
        String s = name.replace('[', '_').replace("]", "").replaceAll("[^A-Za-z0-9_.$]", "_");
        return s.isEmpty() ? "_" : s;
    }

    @Override
    public void settled(Simulator sim, long cycle) {
        try {
            dump(sim, 10 * cycle);
            out.write("#" + (10 * cycle + 5) + "\n1" + clockId + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Dumps the values after the last clock edge; call once when the run ends. */
    public void finish(Simulator sim) throws IOException {
        sim.settle();
        dump(sim, 10 * sim.cycle());
        out.flush();
    }

    private void dump(Simulator sim, long time) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(time).append('\n');
        if (!started) {
            sb.append("$dumpvars\n");
        }
        sb.append('0').append(clockId).append('\n');
        for (int i = 0; i < nets.length; i++) {
            int n = nets[i];
            long lo = sim.bitsLow(n);
            long hi = sim.bitsHigh(n);
            if (started && lo == lastLo[i] && hi == lastHi[i]) {
                continue;
            }
            lastLo[i] = lo;
            lastHi[i] = hi;
            int width = sim.circuit().netType(n).width();
            if (width == 1) {
                sb.append(lo).append(ids[i]).append('\n');
            } else {
                sb.append('b');
                for (int bit = width - 1; bit >= 0; bit--) {
                    long word = bit >= 64 ? hi : lo;
                    sb.append((word >>> (bit & 63) & 1) == 0 ? '0' : '1');
                }
                sb.append(' ').append(ids[i]).append('\n');
            }
        }
        if (!started) {
            sb.append("$end\n");
            started = true;
        }
        out.write(sb.toString());
    }
}
