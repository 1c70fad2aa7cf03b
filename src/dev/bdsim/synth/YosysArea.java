package dev.bdsim.synth;

import dev.bdsim.BadInputException;
import dev.bdsim.hdl.VerilogWiring;
import dev.bdsim.io.Processes;
import dev.bdsim.kernel.Component;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.verilog.VerilogExporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Yosys's view of an exported netlist: generic synthesis ({@code synth -flatten}) and
 * {@code stat -tech cmos}, giving the cell count and Yosys's transistor estimate. Components the
 * caller excludes become black boxes (counted as one cell, no transistors).
 */
public final class YosysArea {
    /** Cells after synthesis and Yosys's CMOS transistor estimate (4 transistors make one NAND2, one gate equivalent). */
    public record Measurement(long cells, long transistors) {
        public double gateEquivalents() {
            return transistors / 4.0;
        }
    }

    private static final Pattern CELLS = Pattern.compile("Number of cells:\\s+(\\d+)");
    private static final Pattern TRANSISTORS = Pattern.compile("Estimated number of transistors:\\s+(\\d+)");

    private YosysArea() {}

    public static boolean available() {
        return Processes.onPath("yosys");
    }

    public static Measurement synthesize(Netlist netlist, Path dir, Predicate<Component> blackBox) throws IOException, InterruptedException {
        String stat = run(netlist, dir, blackBox, "synth -flatten -top {top}; tee -o stat.txt stat -tech cmos").stat();
        Matcher cells = CELLS.matcher(stat);
        Matcher transistors = TRANSISTORS.matcher(stat);
        if (!cells.find() || !transistors.find()) {
            throw new IllegalStateException("unexpected Yosys statistics in " + dir.resolve("stat.txt"));
        }
        return new Measurement(Long.parseLong(cells.group(1)), Long.parseLong(transistors.group(1)));
    }

    /** A netlist mapped to the cells of a Liberty library: the cell count, the chip area (µm²) and the count of each cell. */
    public record Mapped(long cells, double areaUm2, java.util.Map<String, Long> cellCounts, Path netlist, String top, Path gates,
                         List<String> blackBoxes, VerilogExporter.Export export) {
        /** The exported Verilog that was synthesized. */
        public Path rtl() {
            return export.file();
        }
    }

    private static final Pattern CHIP_AREA = Pattern.compile("Chip area for (?:module|top module) '[^']*':\\s+([0-9.]+)");
    private static final Pattern CELL_LINE = Pattern.compile("^\\s+([A-Za-z0-9_]+)\\s+(\\d+)$", Pattern.MULTILINE);

    /**
     * Synthesis mapped to a standard-cell library: {@code synth -flatten; dfflibmap -liberty L; abc -liberty L;
     * stat -liberty L}, the chip area being the sum of the mapped cells' Liberty areas.
     */
    public static Mapped synthesize(Netlist netlist, Path dir, Predicate<Component> blackBox, Path liberty) throws IOException, InterruptedException {
        return synthesize(netlist, dir, blackBox, liberty, true);
    }

    /**
     * As {@link #synthesize(Netlist, Path, Predicate, Path)}, or, not {@code flatten}ed, with every component instance mapped
     * as its own module: no optimisation across components, so that each one's cells can be told apart.
     */
    public static Mapped synthesize(Netlist netlist, Path dir, Predicate<Component> blackBox, Path liberty, boolean flatten)
            throws IOException, InterruptedException {
        Run run = run(netlist, dir, blackBox, mapping("{top}", liberty, flatten));
        String stat = totals(run.stat());
        Matcher cells = CELLS.matcher(stat);
        if (!cells.find()) {
            throw new IllegalStateException("unexpected Yosys statistics in " + dir.resolve("stat.txt"));
        }
        double area = chipArea(stat, dir);
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        Matcher line = CELL_LINE.matcher(stat.substring(cells.end()));
        while (line.find()) {
            counts.put(line.group(1), Long.parseLong(line.group(2)));
        }
        return new Mapped(Long.parseLong(cells.group(1)), area, counts, dir.resolve(MAPPED), run.export().top(), dir.resolve(GATES),
                run.blackBoxes(), run.export());
    }

    /** The mapped gate netlists that {@link #mapping} leaves in its work directory: bit-level for static timing, and with the ports as exported for simulation. */
    static final String MAPPED = "mapped.v";
    static final String GATES = "gates.v";

    /** The passes that synthesize module {@code top} and map it to the cells of {@code liberty}, statistics into stat.txt. */
    static String mapping(String top, Path liberty) {
        return mapping(top, liberty, true);
    }

    private static String mapping(String top, Path liberty, boolean flatten) {
        String lib = liberty.toAbsolutePath().toString();
        return "synth " + (flatten ? "-flatten " : "") + "-top " + top + "; dfflibmap -liberty " + lib + "; abc -liberty " + lib
                + "; opt_clean; tee -q -o stat.txt stat -liberty " + lib + "; write_verilog -noattr " + GATES
                + "; splitnets -ports -format _; setundef -zero; opt_clean; write_verilog -noattr -noexpr " + MAPPED;
    }

    /** The statistics of the whole design: with its hierarchy kept, the section after the modules'. */
    private static String totals(String stat) {
        int hierarchy = stat.indexOf("=== design hierarchy ===");
        return hierarchy < 0 ? stat : stat.substring(hierarchy);
    }

    /** The chip area (µm²) in the statistics that {@link #mapping} wrote in {@code dir}. */
    static double chipArea(String stat, Path dir) {
        Matcher area = CHIP_AREA.matcher(stat);
        if (!area.find()) {
            throw new IllegalStateException("unexpected Yosys statistics in " + dir.resolve("stat.txt"));
        }
        return Double.parseDouble(area.group(1));
    }

    private record Run(String stat, List<String> blackBoxes, VerilogExporter.Export export) {}

    /** Exports the netlist, runs Yosys's {@code passes} ({@code {top}}: the top module) and returns the statistics it wrote. */
    private static Run run(Netlist netlist, Path dir, Predicate<Component> blackBox, String passes) throws IOException, InterruptedException {
        if (!available()) {
            throw new BadInputException("Yosys is not on the PATH; install it with apt-get install yosys");
        }
        VerilogExporter.Export e = VerilogExporter.export(netlist, dir);
        List<String> boxes = new ArrayList<>();
        for (Component c : netlist.circuit().components()) {
            if (!(c instanceof VerilogWiring) && blackBox.test(c)) {
                boxes.add(e.moduleOf(c));
            }
        }
        String script = "read_verilog " + e.file().getFileName() + "; hierarchy -top " + e.top() + "; "
                + (boxes.isEmpty() ? "" : "blackbox " + String.join(" ", boxes) + "; ")
                + passes.replace("{top}", e.top());
        Processes.exec(dir, List.of("yosys", "-q", "-p", script));
        return new Run(Files.readString(dir.resolve("stat.txt")), boxes.stream().distinct().toList(), e);
    }
}
