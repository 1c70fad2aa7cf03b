package dev.bdsim.verilog;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.lib.Concat;
import dev.bdsim.lib.Constant;
import dev.bdsim.lib.Resize;
import dev.bdsim.lib.Slice;
import dev.bdsim.lib.Sram;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.report.AtomicFile;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Synthesizable Verilog-2005 of an elaborated netlist: one module per component instance (named
 * {@code <top>__<instance>}, the DSL's instance path with dots as double underscores) and the top
 * module wiring them, with the DSL's top ports (lane arrays packed, lane l at bits [l*W +: W]) plus
 * {@code clk}. Wiring components (slices, concatenations, casts, constants) become assignments.
 * An Sram's current contents go to a {@code .hex} file read with {@code $readmemh}.
 */
public final class VerilogExporter {
    /** What was written: the top module's name, its file, and the memory files. */
    public record Export(String top, Path file, List<Path> memories) {}

    private VerilogExporter() {}

    private static final Set<String> KEYWORDS = Set.of("always", "and", "assign", "begin", "buf", "case", "default", "else", "end",
            "endcase", "endfunction", "endmodule", "for", "function", "generate", "genvar", "if", "initial", "inout", "input",
            "integer", "module", "nand", "nor", "not", "or", "output", "parameter", "reg", "signed", "task", "wire", "xor", "xnor");

    /** A Verilog identifier for a DSL name: dots become double underscores, brackets underscores; keywords get a suffix. */
    static String identifier(String name) {
        String s = name.replace(".", "__").replaceAll("[\\[\\]]", "_").replaceAll("[^A-Za-z0-9_]", "_");
        s = s.replaceAll("_+$", "");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return "n_" + s;
        }
        return KEYWORDS.contains(s) ? s + "_i" : s;
    }

    public static Export export(Netlist netlist, Path dir) throws IOException {
        Files.createDirectories(dir);
        Circuit circuit = netlist.circuit();
        String top = identifier(netlist.top());
        String[] net = new String[circuit.netCount()];
        Set<String> used = new HashSet<>(List.of("clk", "rst"));
        for (Netlist.TopPort p : netlist.inputs()) {
            used.add(p.name());
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            used.add(p.name());
        }
        for (int i = 0; i < net.length; i++) {
            String id = "w_" + identifier(circuit.netName(i));
            while (!used.add(id)) {
                id = id + "_" + i;
            }
            net[i] = id;
        }
        StringBuilder modules = new StringBuilder();
        StringBuilder body = new StringBuilder();
        List<Path> memories = new ArrayList<>();
        for (int i = 0; i < net.length; i++) {
            SignalType t = circuit.netType(i);
            body.append("  wire ").append(t.width() == 1 ? "" : "[" + (t.width() - 1) + ":0] ").append(net[i]).append(";\n");
        }
        for (Netlist.TopPort p : netlist.inputs()) {
            for (int l = 0; l < p.lanes(); l++) {
                body.append("  assign ").append(net[p.nets()[l]]).append(" = ").append(laneOf(p, l)).append(";\n");
            }
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            for (int l = 0; l < p.lanes(); l++) {
                body.append("  assign ").append(laneOf(p, l)).append(" = ").append(net[p.nets()[l]]).append(";\n");
            }
        }
        // nets nothing drives (an optional input's default, bound by the simulator) hold their default value
        boolean[] driven = new boolean[net.length];
        long[] initial = new long[net.length];
        for (Netlist.TopPort p : netlist.inputs()) {
            for (int n : p.nets()) {
                driven[n] = true;
            }
        }
        for (Component c : circuit.components()) {
            for (Port p : c.ports()) {
                for (int l = 0; l < p.lanes(); l++) {
                    int n = p.net(l);
                    if (n >= 0 && !p.isInput()) {
                        driven[n] = true;
                    } else if (n >= 0 && p.optional()) {
                        initial[n] = p.defaultValue();
                    }
                }
            }
        }
        for (int n = 0; n < net.length; n++) {
            if (!driven[n]) {
                body.append("  assign ").append(net[n]).append(" = ").append(literal(circuit.netType(n).width(), BigInteger.valueOf(initial[n])))
                        .append(";\n");
            }
        }
        for (Component c : circuit.components()) {
            if (ComponentVerilog.isWiring(c)) {
                wiring(c, net, body);
                continue;
            }
            String name = top + "__" + identifier(c.name());
            String mem = null;
            if (c instanceof Sram s) {
                Path file = dir.resolve(name + ".hex");
                writeMemory(s, file);
                memories.add(file);
                mem = file.getFileName().toString();
            }
            modules.append(ComponentVerilog.module(c, name, mem));
            List<String> conns = new ArrayList<>();
            if (c.isSequential()) {
                conns.add(".clk(clk)");
                conns.add(".rst(" + (netlist.resetPort() != null ? "rst" : "1'b0") + ")");
            }
            for (Port p : c.ports()) {
                conns.add("." + p.name() + "(" + packed(p, net) + ")");
            }
            body.append("  ").append(name).append(' ').append(identifier(c.name())).append(" (").append(String.join(", ", conns)).append(");\n");
        }
        StringBuilder v = new StringBuilder();
        v.append("// ").append(netlist.file()).append(": module ").append(netlist.top()).append(' ').append(netlist.parameters())
                .append("\n// Verilog-2005 written by bdsim export-verilog; one module per component instance, then the top.\n\n");
        v.append(modules);
        List<String> ports = new ArrayList<>(List.of("input clk"));
        for (Netlist.TopPort p : netlist.inputs()) {
            ports.add("input " + portRange(p) + p.name());
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            ports.add("output " + portRange(p) + p.name());
        }
        v.append("module ").append(top).append(" (").append(String.join(", ", ports)).append(");\n").append(body).append("endmodule\n");
        Path file = dir.resolve(top + ".v");
        AtomicFile.writeText(file, w -> w.write(v.toString()));
        return new Export(top, file, memories);
    }

    static String portRange(Netlist.TopPort p) {
        int bits = p.type().width() * p.lanes();
        return bits == 1 ? "" : "[" + (bits - 1) + ":0] ";
    }

    private static String laneOf(Netlist.TopPort p, int lane) {
        int w = p.type().width();
        if (p.lanes() == 1) {
            return p.name();
        }
        return p.name() + "[" + (lane * w + w - 1) + ":" + (lane * w) + "]";
    }

    /** A port's nets, lane 0 in the low bits; an unconnected optional input reads its default. */
    private static String packed(Port p, String[] net) {
        List<String> parts = new ArrayList<>();
        for (int l = p.lanes() - 1; l >= 0; l--) {
            int n = p.net(l);
            parts.add(n < 0 ? literal(p.type().width(), BigInteger.valueOf(p.defaultValue())) : net[n]);
        }
        return parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
    }

    private static String literal(int width, BigInteger v) {
        BigInteger m = BigInteger.ONE.shiftLeft(width);
        return width + "'h" + v.mod(m).toString(16);
    }

    private static void wiring(Component c, String[] net, StringBuilder b) {
        Port y = c.port("y");
        for (int l = 0; l < y.lanes(); l++) {
            String out = net[y.net(l)];
            String expr;
            if (c instanceof Constant k) {
                expr = literal(y.type().width(), BigInteger.valueOf(k.high()).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(k.low()))));
            } else if (c instanceof Slice s) {
                expr = net[c.port("a").net(l)] + "[" + (s.low() + y.type().width() - 1) + ":" + s.low() + "]";
            } else if (c instanceof Resize r) {
                int from = c.port("a").type().width();
                int to = y.type().width();
                String a = net[c.port("a").net(l)];
                expr = to <= from ? a + "[" + (to - 1) + ":0]"
                        : "{{" + (to - from) + "{" + (r.signExtend() ? a + "[" + (from - 1) + "]" : "1'b0") + "}}, " + a + "}";
            } else if (c instanceof Concat) {
                // part 0 is the most significant, as in the DSL's {a, b}
                List<String> parts = new ArrayList<>();
                for (int i = 0; c.port("in" + i) != null; i++) {
                    parts.add(net[c.port("in" + i).net(l)]);
                }
                expr = "{" + String.join(", ", parts) + "}";
            } else {
                throw new IllegalStateException("no wiring for " + c);
            }
            b.append("  assign ").append(out).append(" = ").append(expr).append(";\n");
        }
    }

    private static void writeMemory(Sram s, Path file) throws IOException {
        int lanes = s.lanes();
        int w = s.port("rdata").type().width();
        int digits = (w * lanes + 3) / 4;
        AtomicFile.writeText(file, out -> {
            for (int word = 0; word < s.words(); word++) {
                BigInteger v = BigInteger.ZERO;
                for (int l = lanes - 1; l >= 0; l--) {
                    v = v.shiftLeft(w).or(BigInteger.valueOf(s.word(word, l)).and(BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE)));
                }
                String hex = v.toString(16);
                out.write("0".repeat(Math.max(0, digits - hex.length())) + hex + "\n");
            }
        });
    }
}
