package dev.bdsim.synth;

import dev.bdsim.ProjectHome;
import dev.bdsim.cosim.Cosim;
import dev.bdsim.cost.Clock;
import dev.bdsim.cost.ComponentCost;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.flow.Flow;
import dev.bdsim.quant.Formats;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.golden.GoldenCase;
import dev.bdsim.io.Processes;
import dev.bdsim.kernel.Component;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.liberty.CellLibrary;
import dev.bdsim.trace.Traces;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gate-level energy on real data: a single-lane MAC unit runs a real activation trace in the Java
 * simulator; the same unit, synthesized and mapped to the Liberty cells, is simulated in Icarus
 * Verilog with the library's Verilog cell models on the same input stream (its outputs checked
 * against the Java run's, cycle by cycle), every net's toggles are counted from the waveform, and
 * the energy is ½·C·V² per toggle with C the Liberty capacitances of the pins the net drives, plus
 * each cell's internal energy per output transition (and per input transition where the library
 * gives one, as for a flip-flop's clock) from the Liberty tables. Weight buffers and the
 * accumulator are left out on both sides (behavioural black boxes in the gate-level simulation), as
 * in the area comparison; zero-delay simulation counts no glitches, as the model does not.
 */
public final class GateLevelEnergy {
    /** One unit: the model's energy per MAC from the Java run's activity, the gate-level energy per MAC, and what was counted. */
    public record Row(String unit, double modelPjPerMac, double gatePjPerMac, long cells, long netToggles, long macs) {
        public double ratio() {
            return modelPjPerMac / gatePjPerMac;
        }
    }

    public static final Path CELL_MODELS = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.v");
    private static final Pattern INSTANCE = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(\\\\\\S+|[A-Za-z_][A-Za-z0-9_$]*)\\s*\\(([^;]*)\\);");
    private static final Pattern PIN = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)\\(([^()]*)\\)");

    private GateLevelEnergy() {}

    public static boolean available(Path liberty, Path cellModels) {
        return YosysArea.available() && Processes.onPath("iverilog") && Files.isRegularFile(liberty) && Files.isRegularFile(cellModels);
    }

    /** Every single-lane MAC unit on one real activation row against two weight rows. */
    public static List<Row> macUnits(TechLibrary tech, Path liberty, Path cellModels, Path workDir, StandardCellComparison.Done progress)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        CellLibrary lib = CellLibrary.read(liberty);
        for (String id : AreaCrossCheck.MAC_UNITS) {
            rows.add(unit(id, tech, liberty, lib, cellModels, workDir.resolve(id)));
            progress.update(rows.size(), AreaCrossCheck.MAC_UNITS.size());
        }
        return rows;
    }

    static GoldenCase unitCase(String id, TechLibrary tech) {
        int block = Formats.parse(id, Formats.Options.defaults()).blockSize();
        Map<String, String> params = block > 1 ? Map.of("LANES", "1", "BLOCK", Integer.toString(block)) : Map.of("LANES", "1");
        return new GoldenCase(id + " MAC unit", "gemm", Datapaths.shipped(id).toString(), id, params, "traces/layer0.attn_in.npy", 1,
                "traces/layer1.ffn_in.npy", 2, "fp32", tech.name(), "500MHz");
    }

    static Row unit(String id, TechLibrary tech, Path liberty, CellLibrary lib, Path cellModels, Path dir) throws Exception {
        GateRun run = GateRun.of(id, tech, liberty, cellModels, dir, true);
        Energy e = energy(Files.readString(run.mapped().gates()), run.mapped().top(), lib, Vcd.toggles(run.waveform(), DUT));
        double modelPj = run.model().energyPj(comp -> !AreaCrossCheck.LEFT_OUT_OF_UNITS.contains(comp.group()));
        return new Row(run.name(), modelPj / run.macs(), e.pj() / run.macs(), e.cells(), e.netToggles(), run.macs());
    }

    /** One component of a MAC unit: the model's energy per MAC beside that of the component's own cells. */
    public record ComponentRow(String instance, String type, double modelPjPerMac, double gatePjPerMac, long cells) {}

    /**
     * The unit of format {@code id} component by component: synthesized with its hierarchy kept (every component instance its
     * own module, so nothing is optimised across components and the flattened unit is smaller), simulated as
     * {@link #macUnits} does, each instance's cells priced from the toggles of its own scope; the nets between components are
     * charged to the components they drive.
     */
    public static List<ComponentRow> components(String id, TechLibrary tech, Path liberty, Path cellModels, Path dir) throws Exception {
        CellLibrary lib = CellLibrary.read(liberty);
        GateRun run = GateRun.of(id, tech, liberty, cellModels, dir, false);
        VerilogExporter.Export export = run.mapped().export();
        Map<String, Component> byName = new LinkedHashMap<>();
        java.util.Set<List<String>> scopes = new java.util.HashSet<>();
        for (Component comp : run.netlist().circuit().components()) {
            if (export.moduleOf(comp) != null && !AreaCrossCheck.leftOutOfUnits(comp)) {
                byName.put(comp.name(), comp);
                scopes.add(scope(export, comp));
            }
        }
        Map<List<String>, Map<String, Long>> toggles = Vcd.toggles(run.waveform(), scopes);
        String gates = Files.readString(run.mapped().gates());
        List<ComponentRow> rows = new ArrayList<>();
        for (ComponentCost cost : run.model().components()) {
            Component comp = byName.get(cost.instance());
            if (comp == null) {
                continue;
            }
            Energy e = energy(gates, export.moduleOf(comp), lib, toggles.get(scope(export, comp)));
            rows.add(new ComponentRow(cost.instance(), cost.type(), cost.totalPj() / run.macs(), e.pj() / run.macs(), e.cells()));
        }
        return rows;
    }

    private static final List<String> DUT = List.of("testbench", "dut");

    private static List<String> scope(VerilogExporter.Export export, Component c) {
        List<String> scope = new ArrayList<>(DUT);
        scope.addAll(export.instancePathOf(c));
        return scope;
    }

    /**
     * A unit's Java run priced by the model, and its gate netlist (flattened or with its hierarchy) simulated on the same inputs,
     * its outputs checked against the Java run's, the waveform of the whole unit dumped.
     */
    private record GateRun(String name, Netlist netlist, CostReport model, long macs, YosysArea.Mapped mapped, Path waveform) {
        static GateRun of(String id, TechLibrary tech, Path liberty, Path cellModels, Path dir, boolean flatten) throws Exception {
            GoldenCase c = unitCase(id, tech);
            Cosim.Prepared p = Cosim.prepare(c, ProjectHome.dir(), dir);
            long macs = (long) c.tokens() * c.weightRows() * Traces.open(ProjectHome.file(c.activations()).toString()).cols();
            CostReport model = Flow.cost(p.netlist(), p.sim().activity(), p.sim().cycle(), tech, Clock.parse(c.clock()), macs);

            // the weight buffers and the accumulator are behavioural black boxes in the gate netlist, as in the area comparison
            YosysArea.Mapped mapped = YosysArea.synthesize(p.netlist(), dir.resolve("gates"), AreaCrossCheck::leftOutOfUnits, liberty, flatten);
            Files.writeString(dir.resolve("blackboxes.v"), modules(Files.readString(mapped.rtl()), mapped.blackBoxes()));
            Files.writeString(dir.resolve("dump.v"), "module dump;\n  initial begin\n    $dumpfile(\"gates.vcd\");\n"
                    + "    $dumpvars(0, testbench.dut);\n  end\nendmodule\n");
            simulate(dir, List.of(Testbench.TESTBENCH, dir.relativize(mapped.gates()).toString(), "blackboxes.v", "dump.v"), cellModels);
            Cosim.Result check = p.compare(dir);
            if (!check.agrees()) {
                throw new IllegalStateException(id + ": the gate-level netlist's outputs differ from the Java run's: "
                        + check.differences().get(0) + " (files in " + dir + ")");
            }
            return new GateRun(c.name(), p.netlist(), model, macs, mapped, dir.resolve("gates.vcd"));
        }
    }

    record Energy(double pj, long cells, long netToggles) {}

    /** Compiles the Verilog {@code sources} (which dump {@code gates.vcd}) with the cell models in Icarus Verilog and runs them in {@code dir}. */
    static void simulate(Path dir, List<String> sources, Path cellModels) throws IOException, InterruptedException {
        List<String> compile = new ArrayList<>(List.of("iverilog", "-g2005", "-o", "gates.vvp"));
        compile.addAll(sources);
        compile.add(cellModels.toAbsolutePath().toString());
        Processes.exec(dir, compile);
        Processes.exec(dir, List.of("vvp", "-n", "gates.vvp"));
    }

    /** The energy of a gate netlist's net toggles: switching of the driven pins' capacitance and the cells' internal energy. */
    static Energy energy(String gates, String top, CellLibrary lib, Map<String, Long> toggles) {
        String body = module(gates, top);
        double v2 = lib.voltage() * lib.voltage();
        Map<String, Double> load = new HashMap<>();
        List<String[]> outputs = new ArrayList<>();
        List<String[]> inputs = new ArrayList<>();
        long cells = 0;
        Matcher m = INSTANCE.matcher(body);
        while (m.find()) {
            CellLibrary.Cell cell = lib.cells().get(m.group(1));
            if (cell == null) {
                continue;
            }
            cells++;
            Matcher pin = PIN.matcher(m.group(3));
            while (pin.find()) {
                CellLibrary.Pin p = cell.pin(pin.group(1));
                String net = net(pin.group(2));
                if (p.direction().equals("input")) {
                    load.merge(net, p.capacitance(), Double::sum);
                    if (!p.power().isEmpty()) {
                        inputs.add(new String[] {cell.name(), p.name(), net});
                    }
                } else {
                    outputs.add(new String[] {cell.name(), p.name(), net});
                }
            }
        }
        double pj = 0;
        long counted = 0;
        for (Map.Entry<String, Double> e : load.entrySet()) {
            long t = toggles.getOrDefault(e.getKey(), 0L);
            pj += t * 0.5 * e.getValue() * v2;
            counted += t;
        }
        for (String[] o : outputs) {
            double c = load.getOrDefault(o[2], 0.0);
            CellLibrary.Cell cell = lib.cell(o[0]);
            double internal = lib.outputTransitionPj(cell, o[1], c, TechFromLiberty.SLEW_NS) - 0.5 * c * v2;
            pj += toggles.getOrDefault(o[2], 0L) * internal;
        }
        for (String[] in : inputs) {
            pj += toggles.getOrDefault(in[2], 0L) * lib.inputTransitionPj(lib.cell(in[0]), in[1], TechFromLiberty.SLEW_NS);
        }
        return new Energy(pj, cells, counted);
    }

    /** A net or net bit as the waveform names it: escapes and spaces removed ({@code \\core.acc [5]} is {@code core.acc[5]}). */
    static String net(String expression) {
        String e = expression.strip();
        if (e.startsWith("\\")) {
            e = e.substring(1);
        }
        return e.replace(" ", "");
    }

    /** The text of one module of a Verilog file. */
    static String module(String verilog, String name) {
        Matcher m = Pattern.compile("(?m)^module\\s+\\\\?" + Pattern.quote(name) + "\\s*\\(").matcher(verilog);
        if (!m.find()) {
            throw new IllegalStateException("no module " + name + " in the gate netlist");
        }
        int end = verilog.indexOf("endmodule", m.start());
        return verilog.substring(m.start(), end);
    }

    /** The named modules of a Verilog file, each once, for the black boxes a gate netlist instantiates. */
    static String modules(String verilog, List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String n : new java.util.LinkedHashSet<>(names)) {
            out.append(module(verilog, n)).append("endmodule\n\n");
        }
        return out.toString();
    }

    /** Value changes of a Value Change Dump, as bit toggles per net. */
    static final class Vcd {
        private Vcd() {}

        /** A net's scope and name in the dump and its declared bit range ({@code [15:0]}, or empty for a scalar). */
        private record Var(List<String> scope, String name, String range) {}

        /** Toggles (0↔1; changes from or to x or z are not counted) of every bit of every net declared in the scope {@code scope}. */
        static Map<String, Long> toggles(Path file, List<String> scope) throws IOException {
            return toggles(file, java.util.Set.of(scope)).get(scope);
        }

        /** {@link #toggles(Path, List)} of several scopes, read in one pass. */
        static Map<List<String>, Map<String, Long>> toggles(Path file, java.util.Set<List<String>> scopes) throws IOException {
            Map<List<String>, Map<String, Long>> out = new HashMap<>();
            for (List<String> scope : scopes) {
                out.put(scope, new HashMap<>());
            }
            Map<String, List<Var>> names = new HashMap<>();
            Map<String, Integer> widths = new HashMap<>();
            List<String> path = new ArrayList<>();
            Map<String, String> last = new HashMap<>();
            Map<String, long[]> counts = new LinkedHashMap<>();
            boolean definitions = true;
            try (var lines = Files.lines(file)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    String l = line.strip();
                    if (l.isEmpty()) {
                        continue;
                    }
                    if (definitions) {
                        String[] t = l.split("\\s+");
                        switch (t[0]) {
                            case "$scope" -> path.add(t[2]);
                            case "$upscope" -> path.remove(path.size() - 1);
                            case "$var" -> {
                                if (scopes.contains(path)) {
                                    int width = Integer.parseInt(t[2]);
                                    String name = t[4].startsWith("\\") ? t[4].substring(1) : t[4];
                                    String range = t.length > 6 && t[5].startsWith("[") ? t[5] : "";
                                    names.computeIfAbsent(t[3], k -> new ArrayList<>()).add(new Var(List.copyOf(path), name, range));
                                    widths.put(t[3], width);
                                }
                            }
                            case "$enddefinitions" -> definitions = false;
                            default -> { }
                        }
                        continue;
                    }
                    char first = l.charAt(0);
                    String id;
                    String value;
                    if (first == '#' || first == '$') {
                        continue;
                    } else if (first == 'b' || first == 'B') {
                        int sp = l.indexOf(' ');
                        value = l.substring(1, sp);
                        id = l.substring(sp + 1).strip();
                    } else {
                        value = l.substring(0, 1);
                        id = l.substring(1);
                    }
                    Integer width = widths.get(id);
                    if (width == null) {
                        continue;
                    }
                    value = extend(value, width);
                    String before = last.put(id, value);
                    if (before == null) {
                        continue;
                    }
                    long[] c = counts.computeIfAbsent(id, k -> new long[width]);
                    for (int i = 0; i < width; i++) {
                        char a = before.charAt(i);
                        char b = value.charAt(i);
                        if (a != b && (a == '0' || a == '1') && (b == '0' || b == '1')) {
                            c[i]++;
                        }
                    }
                }
            }
            counts.forEach((id, c) -> {
                for (Var v : names.get(id)) {
                    Map<String, Long> perBit = out.get(v.scope());
                    String name = v.name();
                    String range = v.range();
                    int width = c.length;
                    if (range.isEmpty()) {
                        if (width == 1) {
                            perBit.merge(name, c[0], Long::sum);
                        } else {
                            for (int i = 0; i < width; i++) {
                                perBit.merge(name + "[" + (width - 1 - i) + "]", c[i], Long::sum);
                            }
                        }
                    } else {
                        String[] bounds = range.substring(1, range.length() - 1).split(":");
                        int msb = Integer.parseInt(bounds[0]);
                        int lsb = bounds.length > 1 ? Integer.parseInt(bounds[1]) : msb;
                        int step = msb >= lsb ? -1 : 1;
                        for (int i = 0, bit = msb; i < width; i++, bit += step) {
                            perBit.merge(name + "[" + bit + "]", c[i], Long::sum);
                        }
                    }
                }
            });
            return out;
        }

        private static String extend(String value, int width) {
            if (value.length() >= width) {
                return value.substring(value.length() - width);
            }
            char pad = value.charAt(0) == 'x' || value.charAt(0) == 'z' ? value.charAt(0) : '0';
            return String.valueOf(pad).repeat(width - value.length()) + value;
        }
    }
}
