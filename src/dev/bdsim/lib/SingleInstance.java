package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;

import java.nio.file.Path;
import java.util.Map;

/** A netlist of one instance of a kind, every port brought out to the top: for co-simulating or synthesizing a kind alone. */
public final class SingleInstance {
    private SingleInstance() {}

    /** The netlist text (module {@code wrap}); parameters equal to their defaults are left to the kind. */
    public static String netlist(Kind kind, Map<String, Object> params) {
        Component c = kind.factory().create("x", new Params(params, Path.of(".")));
        StringBuilder m = new StringBuilder("module wrap {\n  clock clk\n  reset rst\n");
        StringBuilder args = new StringBuilder();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getValue().equals(kind.param(e.getKey()).defaultValue())) {
                continue;
            }
            args.append(args.length() == 0 ? "" : ", ").append(e.getKey()).append(" = ")
                    .append(e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue());
        }
        m.append("  inst x = ").append(kind.name()).append('(').append(args).append(")\n");
        for (Port p : c.ports()) {
            String type = (p.type().signed() ? "s" : "u") + p.type().width() + (p.lanes() > 1 ? "[" + p.lanes() + "]" : "");
            String pin = (p.isInput() ? "i_" : "o_") + p.name();
            m.append(p.isInput() ? "  in  " : "  out ").append(pin).append(" : ").append(type).append('\n');
            m.append("  ").append(p.isInput() ? pin + " -> x." + p.name() : "x." + p.name() + " -> " + pin).append('\n');
        }
        return m.append("}\n").toString();
    }
}
