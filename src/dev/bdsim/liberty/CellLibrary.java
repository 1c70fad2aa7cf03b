package dev.bdsim.liberty;

import dev.bdsim.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a Liberty library with what a cost model needs of them: area (µm²), leakage (nW),
 * pin capacitances (pF) and internal energy per transition (pJ, the library's
 * capacitance × voltage² unit), looked up in the library's tables.
 */
public final class CellLibrary {
    /** A lookup table over one or two variables, named as the library's template names them. */
    public record Table(List<String> variables, double[] index1, double[] index2, double[][] values) {
        /** Linear interpolation (and extrapolation at the edges) at the given variable values. */
        public double at(Map<String, Double> point) {
            double x = coordinate(point, 0);
            if (index2.length == 0) {
                return interpolate(index1, values[0], x);
            }
            double y = coordinate(point, 1);
            double[] column = new double[index1.length];
            for (int i = 0; i < index1.length; i++) {
                column[i] = interpolate(index2, values[i], y);
            }
            return interpolate(index1, column, x);
        }

        private double coordinate(Map<String, Double> point, int k) {
            Double v = point.get(variables.get(k));
            if (v == null) {
                throw new IllegalArgumentException("table variable " + variables.get(k) + " not given");
            }
            return v;
        }

        private static double interpolate(double[] xs, double[] ys, double x) {
            if (xs.length == 1) {
                return ys[0];
            }
            int i = 0;
            while (i < xs.length - 2 && x > xs[i + 1]) {
                i++;
            }
            double t = (x - xs[i]) / (xs[i + 1] - xs[i]);
            return ys[i] + t * (ys[i + 1] - ys[i]);
        }
    }

    /** An internal_power group of a pin: energy per rising and falling transition, for a related pin (or none). */
    public record InternalPower(String relatedPin, Table rise, Table fall) {
        public double average(Map<String, Double> point) {
            int tables = (rise == null ? 0 : 1) + (fall == null ? 0 : 1);
            return tables == 0 ? 0 : ((rise == null ? 0 : rise.at(point)) + (fall == null ? 0 : fall.at(point))) / tables;
        }
    }

    /**
     * A timing group of a pin: against {@code relatedPin}, a delay arc (cell rise/fall delays and
     * output transitions over load and input transition) or a constraint (setup or hold: rise and
     * fall constraints over the related and the constrained pin's transitions).
     */
    public record Arc(String relatedPin, String type, Table cellRise, Table cellFall, Table riseTransition, Table fallTransition,
                      Table riseConstraint, Table fallConstraint) {
        static double mean(Table a, Table b, Map<String, Double> point) {
            int n = (a == null ? 0 : 1) + (b == null ? 0 : 1);
            return n == 0 ? Double.NaN : ((a == null ? 0 : a.at(point)) + (b == null ? 0 : b.at(point))) / n;
        }
    }

    public record Pin(String name, String direction, double capacitance, String function, boolean clock, List<InternalPower> power,
                      List<Arc> timing) {
    }

    public record Cell(String name, double area, double leakageNw, Map<String, Pin> pins) {
        public Pin pin(String pinName) {
            Pin p = pins.get(pinName);
            if (p == null) {
                throw new BadInputException("cell " + name + " has no pin " + pinName + "; its pins: " + String.join(", ", pins.keySet()));
            }
            return p;
        }

        public List<Pin> outputs() {
            return pins.values().stream().filter(p -> p.direction().equals("output")).toList();
        }
    }

    private final String name;
    private final Path file;
    private final double voltage;
    private final Map<String, Cell> cells;

    private CellLibrary(String name, Path file, double voltage, Map<String, Cell> cells) {
        this.name = name;
        this.file = file;
        this.voltage = voltage;
        this.cells = cells;
    }

    public static CellLibrary read(Path file) {
        return of(file, Liberty.read(file));
    }

    static CellLibrary of(Path file, Liberty.Group library) {
        if (!library.type().equals("library")) {
            throw new BadInputException(file + ": a Liberty file holds one library (...) group, not " + library.type());
        }
        requireUnit(file, library, "capacitive_load_unit", List.of("1", "pf"));
        requireSimple(file, library, "leakage_power_unit", "1nW");
        Map<String, List<String>> templates = new LinkedHashMap<>();
        for (Liberty.Group g : library.groups()) {
            if (g.type().equals("power_lut_template") || g.type().equals("lu_table_template")) {
                List<String> vars = new ArrayList<>();
                for (String v : List.of("variable_1", "variable_2")) {
                    if (g.attribute(v) != null) {
                        vars.add(g.attribute(v));
                    }
                }
                templates.put(g.name(), vars);
            }
        }
        double voltage = number(file, library, "nom_voltage");
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Liberty.Group c : library.groups("cell")) {
            Map<String, Pin> pins = new LinkedHashMap<>();
            for (Liberty.Group p : c.groups("pin")) {
                List<InternalPower> power = new ArrayList<>();
                for (Liberty.Group ip : p.groups("internal_power")) {
                    power.add(new InternalPower(ip.attribute("related_pin"), table(file, templates, ip, "rise_power"),
                            table(file, templates, ip, "fall_power")));
                }
                List<Arc> arcs = new ArrayList<>();
                for (Liberty.Group tg : p.groups("timing")) {
                    arcs.add(new Arc(tg.attribute("related_pin"), tg.attribute("timing_type") == null ? "combinational" : tg.attribute("timing_type"),
                            table(file, templates, tg, "cell_rise"), table(file, templates, tg, "cell_fall"),
                            table(file, templates, tg, "rise_transition"), table(file, templates, tg, "fall_transition"),
                            table(file, templates, tg, "rise_constraint"), table(file, templates, tg, "fall_constraint")));
                }
                String cap = p.attribute("capacitance");
                pins.put(p.name(), new Pin(p.name(), p.attribute("direction"), cap == null ? 0 : parse(file, p, cap),
                        p.attribute("function"), "true".equals(p.attribute("clock")), List.copyOf(power), List.copyOf(arcs)));
            }
            cells.put(c.name(), new Cell(c.name(), number(file, c, "area"),
                    c.attribute("cell_leakage_power") == null ? 0 : number(file, c, "cell_leakage_power"), pins));
        }
        if (cells.isEmpty()) {
            throw new BadInputException(file + ": the library has no cells");
        }
        return new CellLibrary(library.name(), file, voltage, cells);
    }

    private static Table table(Path file, Map<String, List<String>> templates, Liberty.Group owner, String type) {
        List<Liberty.Group> found = owner.groups(type);
        if (found.isEmpty()) {
            return null;
        }
        Liberty.Group t = found.get(0);
        List<String> vars = templates.get(t.name());
        if (vars == null) {
            throw new BadInputException(file + ":" + t.line() + ": " + type + " uses template " + t.name() + ", which the library does not define");
        }
        double[] i1 = numbers(file, t, "index_1");
        double[] i2 = vars.size() > 1 ? numbers(file, t, "index_2") : new double[0];
        List<String> rows = t.complex("values");
        if (rows == null) {
            throw new BadInputException(file + ":" + t.line() + ": " + type + " has no values");
        }
        double[][] values = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            values[r] = split(file, t, rows.get(r));
        }
        int expectRows = vars.size() > 1 ? i1.length : 1;
        int expectCols = vars.size() > 1 ? i2.length : i1.length;
        if (values.length != expectRows || Arrays.stream(values).anyMatch(v -> v.length != expectCols)) {
            throw new BadInputException(file + ":" + t.line() + ": " + type + " values are not " + expectRows + " x " + expectCols);
        }
        return new Table(vars, i1, i2, values);
    }

    private static double[] numbers(Path file, Liberty.Group g, String key) {
        List<String> v = g.complex(key);
        if (v == null || v.size() != 1) {
            throw new BadInputException(file + ":" + g.line() + ": " + g.type() + " needs " + key + " (\"v1, v2, ...\")");
        }
        return split(file, g, v.get(0));
    }

    private static double[] split(Path file, Liberty.Group g, String list) {
        String[] parts = list.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parse(file, g, parts[i].strip());
        }
        return out;
    }

    private static double number(Path file, Liberty.Group g, String key) {
        String v = g.attribute(key);
        if (v == null) {
            throw new BadInputException(file + ":" + g.line() + ": " + g.type() + " " + g.name() + " has no " + key);
        }
        return parse(file, g, v);
    }

    private static double parse(Path file, Liberty.Group g, String text) {
        try {
            double d = Double.parseDouble(text);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ":" + g.line() + ": " + g.type() + " " + g.name() + ": "
                    + dev.bdsim.io.InputFiles.quote(file, "liberty", text) + " is not a number");
        }
    }

    private static void requireUnit(Path file, Liberty.Group library, String key, List<String> expected) {
        List<String> v = library.complex(key);
        if (v == null || !v.stream().map(s -> s.strip().toLowerCase(java.util.Locale.ROOT)).toList().equals(expected)) {
            throw new BadInputException(file + ": " + key + " must be (" + String.join(",", expected) + "); other units are not read");
        }
    }

    private static void requireSimple(Path file, Liberty.Group library, String key, String... allowed) {
        String v = library.attribute(key);
        if (v == null || !List.of(allowed).contains(v)) {
            throw new BadInputException(file + ": " + key + " must be " + allowed[0] + "; other units are not read");
        }
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public double voltage() {
        return voltage;
    }

    public Map<String, Cell> cells() {
        return cells;
    }

    public Cell cell(String cellName) {
        Cell c = cells.get(cellName);
        if (c == null) {
            throw new BadInputException(file + ": no cell " + cellName + " in library " + name);
        }
        return c;
    }

    /**
     * Energy (pJ) of one transition of an output pin driving {@code loadPf}, its input switching with
     * transition {@code slewNs}: the cell's internal energy (mean of rising and falling, over the
     * related pins) plus the load's ½·C·V².
     */
    public double outputTransitionPj(Cell cell, String pin, double loadPf, double slewNs) {
        Pin p = cell.pin(pin);
        Map<String, Double> point = Map.of("total_output_net_capacitance", loadPf, "input_transition_time", slewNs,
                "input_net_transition", slewNs);
        double internal = p.power().stream().mapToDouble(ip -> ip.average(point)).average().orElse(0);
        return internal + 0.5 * loadPf * voltage * voltage;
    }

    /** Delay (ns) from {@code from} to output {@code pin}, mean of rise and fall, driving {@code loadPf} with input transition {@code slewNs}. */
    public double delayNs(Cell cell, String pin, String from, double loadPf, double slewNs) {
        Arc a = arc(cell, pin, from, null);
        return Arc.mean(a.cellRise(), a.cellFall(), delayPoint(loadPf, slewNs));
    }

    /** Output transition (ns) of that arc, mean of rise and fall. */
    public double transitionNs(Cell cell, String pin, String from, double loadPf, double slewNs) {
        Arc a = arc(cell, pin, from, null);
        return Arc.mean(a.riseTransition(), a.fallTransition(), delayPoint(loadPf, slewNs));
    }

    /** Setup time (ns) of input {@code pin} before the rising edge of {@code clock}, both with transition {@code slewNs}. */
    public double setupNs(Cell cell, String pin, String clock, double slewNs) {
        Arc a = arc(cell, pin, clock, "setup_rising");
        return Arc.mean(a.riseConstraint(), a.fallConstraint(), Map.of("related_pin_transition", slewNs, "constrained_pin_transition", slewNs));
    }

    private static Map<String, Double> delayPoint(double loadPf, double slewNs) {
        return Map.of("total_output_net_capacitance", loadPf, "input_net_transition", slewNs, "input_transition_time", slewNs);
    }

    private Arc arc(Cell cell, String pin, String related, String type) {
        return cell.pin(pin).timing().stream()
                .filter(a -> related.equals(a.relatedPin()) && (type == null ? !a.type().startsWith("setup") && !a.type().startsWith("hold")
                        : a.type().equals(type)))
                .findFirst().orElseThrow(() -> new BadInputException(file + ": cell " + cell.name() + " pin " + pin + " has no "
                        + (type == null ? "delay" : type) + " timing against " + related));
    }

    /** Internal energy (pJ) of one transition of an input pin (e.g. a flip-flop's clock) with transition {@code slewNs}. */
    public double inputTransitionPj(Cell cell, String pin, double slewNs) {
        Pin p = cell.pin(pin);
        Map<String, Double> point = Map.of("input_transition_time", slewNs, "input_net_transition", slewNs);
        return p.power().stream().mapToDouble(ip -> ip.average(point)).average().orElse(0);
    }
}
