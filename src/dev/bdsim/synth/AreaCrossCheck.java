package dev.bdsim.synth;

import dev.bdsim.cost.CostModel;
import dev.bdsim.cost.Flattening;
import dev.bdsim.flow.Flow;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.kernel.Component;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.quant.Formats;
import dev.bdsim.synth.YosysArea;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cost model's area proxy beside Yosys for every single-lane MAC unit and both quantizer
 * models (one lane, N = 32). A MAC unit's weight buffers and FP32 accumulator are black boxes on
 * both sides: the buffers are memories, and the accumulator, the same in every unit, is exported
 * as an exact wide adder (bit-exactness first) rather than as an FP32 adder.
 */
public final class AreaCrossCheck {
    public static final List<String> MAC_UNITS = List.of("int4", "mxfp4", "dialectfp4", "nvfp4", "mxfp6-e2m3", "mxfp6-e3m2", "mxfp8-e4m3",
            "mxfp8-e5m2", "mxint8", "int8", "fp16");

    /** One unit: the proxy's gate equivalents and Yosys's measurement. */
    public record Row(String unit, double proxyGe, YosysArea.Measurement yosys) {}

    /** All rows and the correlations of proxy GE with Yosys GE. */
    public record Result(List<Row> rows, double pearson, double spearman) {}

    record Unit(String name, Netlist netlist, Predicate<Component> excluded) {}

    private AreaCrossCheck() {}

    static List<Unit> units() {
        List<Unit> units = new ArrayList<>();
        for (String id : MAC_UNITS) {
            int block = Formats.parse(id, Formats.Options.defaults()).blockSize();
            Map<String, String> p = block > 1 ? Map.of("LANES", "1", "BLOCK", Integer.toString(block)) : Map.of("LANES", "1");
            units.add(new Unit(id + " MAC unit", Elaborator.elaborate(Datapaths.of(id), null, p), AreaCrossCheck::leftOutOfUnits));
        }
        return units;
    }

    /**
     * {@link #units} and the quantizers (DialectFP4's two selectors, MXFP4's), for the comparison with real cells; the
     * generic-gate count prices their flip-flops (most of a one-lane quantizer: the 32-deep delay line) far below a cell
     * library, so they are left out there.
     */
    static List<Unit> standardCellUnits() {
        List<Unit> units = new ArrayList<>(units());
        for (String select : CycleQuantizer.SELECTORS) {
            units.add(new Unit(select + " quantizer", Elaborator.elaborate(CycleQuantizer.NETLIST, null,
                    Map.of("BLOCK", "32", "N", "32", "SELECT", select)), c -> false));
        }
        CycleQuantizer.Hardware mx = CycleQuantizer.of(Formats.parse("mxfp4", Formats.Options.defaults()));
        Map<String, String> p = new java.util.LinkedHashMap<>(mx.fixed());
        p.put("N", "32");
        units.add(new Unit("mxfp4 quantizer", Elaborator.elaborate(mx.netlist(), null, p), c -> false));
        return units;
    }

    public static Result run(TechLibrary tech, Path workDir) throws Exception {
        return run(tech, workDir, units(), (done, total) -> { });
    }

    /** The given netlists (elaborated with {@code params}), their memories (the buffer group) left out on both sides. */
    public static Result netlists(TechLibrary tech, Path workDir, List<Path> files, Map<String, String> params,
                                  StandardCellComparison.Done progress) throws Exception {
        List<Unit> units = new ArrayList<>();
        for (Path file : files) {
            Netlist n = Elaborator.elaborate(file, null, params);
            units.add(new Unit(file.getFileName() + " (module " + n.top() + ")", n, AreaCrossCheck::buffer));
        }
        return run(tech, workDir, units, progress);
    }

    /** What the MAC-unit comparisons leave out on both sides: the weight buffers and the accumulator. */
    static final Set<Group> LEFT_OUT_OF_UNITS = Set.of(Group.BUFFER, Group.ACCUMULATOR);

    static boolean leftOutOfUnits(Component c) {
        return LEFT_OUT_OF_UNITS.contains(CostModel.formula(c).group());
    }

    static boolean buffer(Component c) {
        return CostModel.formula(c).group() == Group.BUFFER;
    }

    /** The model's area of a netlist's components, wiring and the excluded ones left out. */
    static double modelGe(Netlist n, Predicate<Component> excluded, CostModel model) {
        double ge = 0;
        Flattening flattening = Flow.flattening(n);
        for (Component c : n.circuit().components()) {
            if (!c.isWiring() && !excluded.test(c)) {
                ge += model.areaGe(c, flattening);
            }
        }
        return ge;
    }

    private static Result run(TechLibrary tech, Path workDir, List<Unit> units, StandardCellComparison.Done progress) throws Exception {
        CostModel model = new CostModel(tech);
        List<Row> rows = new ArrayList<>();
        for (Unit u : units) {
            rows.add(new Row(u.name(), modelGe(u.netlist(), u.excluded(), model),
                    YosysArea.synthesize(u.netlist(), workDir.resolve(Integer.toString(rows.size())), u.excluded())));
            progress.update(rows.size(), units.size());
        }
        double[] proxy = rows.stream().mapToDouble(Row::proxyGe).toArray();
        double[] yosys = rows.stream().mapToDouble(r -> r.yosys().gateEquivalents()).toArray();
        // a correlation needs three points to mean anything
        return rows.size() < 3 ? new Result(rows, Double.NaN, Double.NaN)
                : new Result(rows, new PearsonsCorrelation().correlation(proxy, yosys), new SpearmansCorrelation().correlation(proxy, yosys));
    }
}
