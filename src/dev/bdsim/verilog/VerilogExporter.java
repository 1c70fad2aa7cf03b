package dev.bdsim.verilog;

import dev.bdsim.BadInputException;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.hdl.VerilogModel;
import dev.bdsim.hdl.VerilogWiring;
import dev.bdsim.io.AtomicFile;
import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.netlist.Netlist;

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
 * {@code <top>__<instance>}, the DSL's instance path with dots as double underscores), one module
 * per DSL module instance wiring its components and child instances, and the top module, with the DSL's top ports (lane arrays packed, lane l at bits [l*W +: W]) plus
 * {@code clk}. Wiring components (slices, concatenations, casts, constants) become assignments.
 * An Sram's current contents go to a {@code .hex} file read with {@code $readmemh}.
 */
public final class VerilogExporter {
    /**
     * What was written: the top module's name, its file, the memory files, the module written for each component, and the
     * instance labels leading from the top to it.
     */
    public record Export(String top, Path file, List<Path> memories, java.util.Map<Component, String> modules,
                         java.util.Map<Component, List<String>> instancePaths) {
        /** The Verilog module of a component instance (not wiring). */
        public String moduleOf(Component c) {
            return modules.get(c);
        }

        /** The instance labels from the top module down to a component's instance (not wiring), as a waveform names its scope. */
        public List<String> instancePathOf(Component c) {
            return instancePaths.get(c);
        }
    }

    private VerilogExporter() {}

    /** The reserved words of Verilog-2005 (IEEE 1364-2005, Annex B). */
    private static final Set<String> KEYWORDS = Set.of("always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1",
            "case", "casex", "casez", "cell", "cmos", "config", "deassign", "default", "defparam", "design", "disable", "edge", "else",
            "end", "endcase", "endconfig", "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable",
            "endtask", "event", "for", "force", "forever", "fork", "function", "generate", "genvar", "highz0", "highz1", "if",
            "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "join", "large", "liblist", "library",
            "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor", "noshowcancelled", "not", "notif0",
            "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive", "pull0", "pull1", "pulldown", "pullup",
            "pulsestyle_onevent", "pulsestyle_ondetect", "rcmos", "real", "realtime", "reg", "release", "repeat", "rnmos", "rpmos",
            "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "signed", "small", "specify", "specparam", "strong0",
            "strong1", "supply0", "supply1", "table", "task", "time", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand",
            "trior", "trireg", "unsigned", "use", "uwire", "vectored", "wait", "wand", "weak0", "weak1", "while", "wire", "wor",
            "xnor", "xor");

    /** Text for a Verilog line comment: control characters (a newline would end the comment) become '?'. */
    static String comment(Object text) {
        return String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
    }

    /** A name not yet in {@code used}: {@code name}, else {@code name_2}, {@code name_3}, ...; recorded as used. */
    private static String unique(String name, Set<String> used) {
        String n = name;
        for (int i = 2; !used.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }

    /**
     * The Verilog name of a top port: its DSL name unless that is a reserved word or the clock or reset
     * the export adds; the same in the module and its testbench.
     */
    public static String portName(Netlist.TopPort p) {
        String id = identifier(p.name());
        return id.equals("clk") || id.equals(RESET) ? id + "_port" : id;
    }

    /** A Verilog identifier for a DSL name: dots become double underscores, brackets underscores; keywords get a suffix. */
    public static String identifier(String name) {
        String s = name.replace(".", "__").replaceAll("[\\[\\]]", "_").replaceAll("[^A-Za-z0-9_]", "_");
        s = s.replaceAll("_+$", "");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return "n_" + s;
        }
        return KEYWORDS.contains(s) ? s + "_i" : s;
    }

    /** A DSL module instance: its path ({@code ""} for the top), its components, its child instances. */
    private static final class Scope {
        final String path;
        final List<Component> components = new ArrayList<>();
        final List<Scope> children = new ArrayList<>();
        final List<Integer> wires = new ArrayList<>();
        final List<Integer> defaults = new ArrayList<>();
        final java.util.TreeMap<Integer, Boolean> ports = new java.util.TreeMap<>(); // net -> driven inside

        Scope(String path) {
            this.path = path;
        }

        boolean contains(String other) {
            return path.isEmpty() || other.equals(path) || other.startsWith(path + ".");
        }

        String leaf() {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }

    /** The reset every component sees, inside the generated modules. */
    static final String RESET = "bd_rst";

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String scopeOf(Component c) {
        return parent(c.name());
    }

    /** The deepest scope containing both paths. */
    private static String common(String a, String b) {
        while (!(a.isEmpty() || b.equals(a) || b.startsWith(a + "."))) {
            a = parent(a);
        }
        return a;
    }

    private static Scope scope(java.util.Map<String, Scope> scopes, String path) {
        Scope s = scopes.get(path);
        if (s == null) {
            Scope up = scope(scopes, parent(path));
            s = new Scope(path);
            scopes.put(path, s);
            up.children.add(s);
        }
        return s;
    }

    /**
     * Writes the netlist as Verilog: a module per component instance, a module per DSL module
     * instance holding its components and child instances (ports where nets cross its boundary),
     * and the top.
     */
    public static Export export(Netlist netlist, Path dir) throws IOException {
        AtomicFile.createDirectories(dir);
        Circuit circuit = netlist.circuit();
        String top = identifier(netlist.top());
        String[] net = new String[circuit.netCount()];
        Set<String> used = new HashSet<>(List.of("clk", RESET));
        for (Netlist.TopPort p : java.util.stream.Stream.concat(netlist.inputs().stream(), netlist.outputs().stream()).toList()) {
            if (!used.add(portName(p))) {
                throw new dev.bdsim.BadInputException(netlist.file() + ": port " + p.name() + " has the Verilog name " + portName(p)
                        + " of another port; rename one");
            }
        }
        for (int i = 0; i < net.length; i++) {
            String id = "w_" + identifier(circuit.netName(i));
            while (!used.add(id)) {
                id = id + "_" + i;
            }
            net[i] = id;
        }

        java.util.Map<String, Scope> scopes = new java.util.LinkedHashMap<>();
        scopes.put("", new Scope(""));
        for (Component c : circuit.components()) {
            scope(scopes, scopeOf(c)).components.add(c);
        }
        // where each net is used and driven; nothing drives an optional input's default net: it holds the default
        String[] driver = new String[net.length];
        long[] initial = new long[net.length];
        List<List<String>> users = new ArrayList<>();
        for (int n = 0; n < net.length; n++) {
            users.add(new ArrayList<>());
        }
        for (Netlist.TopPort p : netlist.inputs()) {
            for (int n : p.nets()) {
                users.get(n).add("");
                driver[n] = "";
            }
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            for (int n : p.nets()) {
                users.get(n).add("");
            }
        }
        for (Component c : circuit.components()) {
            for (Port p : c.ports()) {
                for (int l = 0; l < p.lanes(); l++) {
                    int n = p.net(l);
                    if (n < 0) {
                        continue;
                    }
                    users.get(n).add(scopeOf(c));
                    if (!p.isInput()) {
                        driver[n] = scopeOf(c);
                    } else if (p.optional()) {
                        initial[n] = p.defaultValue();
                    }
                }
            }
        }
        for (int n = 0; n < net.length; n++) {
            List<String> u = users.get(n);
            String home = u.isEmpty() ? "" : u.get(0);
            for (String s : u) {
                home = common(home, s);
            }
            scope(scopes, home).wires.add(n);
            if (driver[n] == null) {
                driver[n] = home;
                scopes.get(home).defaults.add(n);
            }
            for (String s : u) {
                for (String p = s; !p.equals(home); p = parent(p)) {
                    Scope sc = scopes.get(p);
                    sc.ports.put(n, sc.contains(driver[n]));
                }
            }
        }

        // every module name once: a component's, a DSL module instance's, the top's
        Set<String> moduleNames = new HashSet<>(List.of(top));
        java.util.Map<Component, String> moduleOf = new java.util.IdentityHashMap<>();
        java.util.Map<String, String> scopeModule = new java.util.HashMap<>();
        java.util.Map<Object, String> label = new java.util.IdentityHashMap<>();
        for (Scope s : scopes.values()) {
            Set<String> labels = new HashSet<>(List.of("clk", RESET));
            for (Component c : s.components) {
                if (!(c instanceof VerilogWiring)) {
                    moduleOf.put(c, unique(top + "__" + identifier(c.name()), moduleNames));
                    label.put(c, unique(identifier(c.name().substring(c.name().lastIndexOf('.') + 1)), labels));
                }
            }
            for (Scope child : s.children) {
                label.put(child, unique(identifier(child.leaf()), labels));
            }
            if (!s.path.isEmpty()) {
                scopeModule.put(s.path, unique(top + "__" + identifier(s.path), moduleNames));
            }
        }

        StringBuilder modules = new StringBuilder();
        List<Path> memories = new ArrayList<>();
        for (Scope s : scopes.values()) {
            for (Component c : s.components) {
                if (!(c instanceof VerilogWiring)) {
                    String name = moduleOf.get(c);
                    VerilogModel model = model(c);
                    String mem = null;
                    List<String> words = model.verilogMemory();
                    if (words != null) {
                        Path file = dir.resolve(name + ".hex");
                        AtomicFile.writeText(file, out -> {
                            for (String w : words) {
                                out.write(w + "\n");
                            }
                        });
                        memories.add(file);
                        mem = file.getFileName().toString();
                    }
                    modules.append(module(c, model, name, mem));
                }
            }
        }
        for (Scope s : scopes.values()) {
            if (s.path.isEmpty()) {
                continue;
            }
            List<String> ports = new ArrayList<>(List.of("input clk", "input " + RESET));
            for (var e : s.ports.entrySet()) {
                // a port's wire is declared where the net lives, so inside it is not declared again
                ports.add((e.getValue() ? "output " : "input ") + range(circuit.netType(e.getKey())) + net[e.getKey()]);
            }
            modules.append("// module instance ").append(s.path).append('\n')
                    .append("module ").append(scopeModule.get(s.path)).append(" (").append(String.join(", ", ports))
                    .append(");\n").append(body(s, moduleOf, scopeModule, label, net, circuit, initial, "")).append("endmodule\n\n");
        }

        StringBuilder head = new StringBuilder();
        head.append("  wire ").append(RESET).append(" = ").append(netlist.resetPort() != null ? netlist.resetPort() : "1'b0").append(";\n");
        StringBuilder ends = new StringBuilder();
        for (Netlist.TopPort p : netlist.inputs()) {
            for (int l = 0; l < p.lanes(); l++) {
                ends.append("  assign ").append(net[p.nets()[l]]).append(" = ").append(laneOf(p, l)).append(";\n");
            }
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            for (int l = 0; l < p.lanes(); l++) {
                ends.append("  assign ").append(laneOf(p, l)).append(" = ").append(net[p.nets()[l]]).append(";\n");
            }
        }
        StringBuilder v = new StringBuilder();
        v.append("// ").append(comment(netlist.file() + ": module " + netlist.top() + " " + netlist.parameters()))
                .append("\n// Verilog-2005 written by bdsim export-verilog: a module per component instance, a module per DSL module"
                        + " instance, then the top.\n\n");
        v.append(modules);
        List<String> ports = new ArrayList<>(List.of("input clk"));
        for (Netlist.TopPort p : netlist.inputs()) {
            ports.add("input " + portRange(p) + portName(p));
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            ports.add("output " + portRange(p) + portName(p));
        }
        v.append("module ").append(top).append(" (").append(String.join(", ", ports)).append(");\n").append(head)
                .append(body(scopes.get(""), moduleOf, scopeModule, label, net, circuit, initial, ends.toString())).append("endmodule\n");
        Path file = dir.resolve(top + ".v");
        AtomicFile.writeText(file, w -> w.write(v.toString()));
        java.util.Map<Component, List<String>> instancePaths = new java.util.IdentityHashMap<>();
        for (Scope s : scopes.values()) {
            List<String> base = new ArrayList<>();
            for (String p = s.path; !p.isEmpty(); p = parent(p)) {
                base.add(0, label.get(scopes.get(p)));
            }
            for (Component c : s.components) {
                if (!(c instanceof VerilogWiring)) {
                    List<String> path = new ArrayList<>(base);
                    path.add(label.get(c));
                    instancePaths.put(c, List.copyOf(path));
                }
            }
        }
        return new Export(top, file, memories, java.util.Collections.unmodifiableMap(moduleOf),
                java.util.Collections.unmodifiableMap(instancePaths));
    }

    private static String range(SignalType t) {
        return t.width() == 1 ? "" : "[" + (t.width() - 1) + ":0] ";
    }

    /** A scope's wires (nets that live in it), extra lines, default values, wiring, component and child instances. */
    private static String body(Scope s, java.util.Map<Component, String> moduleOf, java.util.Map<String, String> scopeModule,
                               java.util.Map<Object, String> label, String[] net, Circuit circuit, long[] initial, String extra) {
        StringBuilder b = new StringBuilder();
        for (int n : s.wires) {
            b.append("  wire ").append(range(circuit.netType(n))).append(net[n]).append(";\n");
        }
        b.append(extra);
        for (int n : s.defaults) {
            b.append("  assign ").append(net[n]).append(" = ").append(literal(circuit.netType(n).width(), BigInteger.valueOf(initial[n])))
                    .append(";\n");
        }
        for (Component c : s.components) {
            if (c instanceof VerilogWiring w) {
                Port y = c.port("y");
                for (int l = 0; l < y.lanes(); l++) {
                    b.append("  assign ").append(net[y.net(l)]).append(" = ").append(w.verilogExpression(l, n -> net[n])).append(";\n");
                }
                continue;
            }
            List<String> conns = new ArrayList<>();
            if (c.isSequential()) {
                conns.add(".clk(clk)");
                conns.add(".rst(" + RESET + ")");
            }
            for (Port p : c.ports()) {
                conns.add("." + p.name() + "(" + packed(p, net) + ")");
            }
            b.append("  ").append(moduleOf.get(c)).append(' ').append(label.get(c)).append(" (").append(String.join(", ", conns))
                    .append(");\n");
        }
        for (Scope child : s.children) {
            List<String> conns = new ArrayList<>(List.of(".clk(clk)", "." + RESET + "(" + RESET + ")"));
            child.ports.keySet().forEach(n -> conns.add("." + net[n] + "(" + net[n] + ")"));
            b.append("  ").append(scopeModule.get(child.path)).append(' ').append(label.get(child))
                    .append(" (").append(String.join(", ", conns)).append(");\n");
        }
        return b.toString();
    }

    static String portRange(Netlist.TopPort p) {
        int bits = p.type().width() * p.lanes();
        return bits == 1 ? "" : "[" + (bits - 1) + ":0] ";
    }

    private static String laneOf(Netlist.TopPort p, int lane) {
        int w = p.type().width();
        if (p.lanes() == 1) {
            return portName(p);
        }
        return portName(p) + "[" + (lane * w + w - 1) + ":" + (lane * w) + "]";
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

    /** The component's Verilog model; a component without one (e.g. built through the Java API) cannot be exported. */
    private static VerilogModel model(Component c) {
        if (c instanceof VerilogModel m) {
            return m;
        }
        throw new BadInputException(c.name() + " (" + c.typeName() + (c.origin().isEmpty() ? "" : ", " + c.origin())
                + ") has no Verilog model; only library components can be exported");
    }

    /** A component's own module: its ports (lane arrays packed), clk and rst when sequential, and the model's body. */
    private static String module(Component c, VerilogModel model, String name, String memFile) {
        StringBuilder b = new StringBuilder();
        b.append("// ").append(comment(c.typeName() + " " + c.name() + (c.origin().isEmpty() ? "" : " (" + c.origin() + ")"))).append('\n');
        b.append("module ").append(name).append(" (");
        List<String> ports = new ArrayList<>();
        if (c.isSequential()) {
            ports.add("input clk");
            ports.add("input rst");
        }
        for (Port p : c.ports()) {
            ports.add((p.isInput() ? "input " : "output ") + Verilog.range(p) + p.name());
        }
        b.append(String.join(", ", ports)).append(");\n");
        b.append("  genvar l;\n");
        b.append(model.verilogBody(memFile));
        b.append("endmodule\n\n");
        return b.toString();
    }
}
