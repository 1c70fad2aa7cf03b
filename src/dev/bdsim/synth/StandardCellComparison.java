package dev.bdsim.synth;

import dev.bdsim.cost.CostModel;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Component;
import dev.bdsim.lib.Kind;
import dev.bdsim.lib.Library;
import dev.bdsim.lib.SingleInstance;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The cost model's area beside real standard-cell synthesis: every component kind at its example
 * parameters (one lane), every single-lane MAC unit and the quantizers (DialectFP4's two selectors, MXFP4's), exported, synthesized by
 * Yosys and mapped by ABC to a Liberty library, against the model's area in the technology library
 * computed from the same Liberty ({@link TechFromLiberty}). MAC units leave their weight buffers
 * and accumulator out on both sides, as {@link AreaCrossCheck} does.
 */
public final class StandardCellComparison {
    public enum Scope { KIND, UNIT, NETLIST }

    /** One row: the model's µm², the mapped µm² and cell count. */
    public record Row(Scope scope, String name, double modelUm2, YosysArea.Mapped synthesized, double modelPathPs, double staPathPs) {
        public double ratio() {
            return modelUm2 / synthesized.areaUm2();
        }

        /** The model's critical path over OpenSTA's on the mapped netlist (NaN without OpenSTA). */
        public double timingRatio() {
            return modelPathPs / staPathPs;
        }
    }

    private StandardCellComparison() {}

    /** Syntheses done so far, of all. */
    public interface Done {
        void update(int done, int total);
    }

    public static List<Row> run(TechLibrary tech, Path liberty, Path workDir, Predicate<Scope> scopes) throws Exception {
        return run(tech, liberty, workDir, scopes, (done, total) -> { });
    }

    public static List<Row> run(TechLibrary tech, Path liberty, Path workDir, Predicate<Scope> scopes, Done progress) throws Exception {
        CostModel model = new CostModel(tech);
        List<Row> rows = new ArrayList<>();
        List<Kind> kinds = Library.STANDARD_KINDS.stream().filter(k -> k.group() != Group.WIRING).toList();
        int total = (scopes.test(Scope.KIND) ? kinds.size() : 0) + (scopes.test(Scope.UNIT) ? AreaCrossCheck.standardCellUnits().size() : 0);
        if (scopes.test(Scope.KIND)) {
            for (Kind kind : kinds) {
                Path dir = Files.createDirectories(workDir.resolve("kind-" + kind.name()));
                Path file = dir.resolve("wrap.bdn");
                Files.writeString(file, SingleInstance.netlist(kind, kind.exampleParameters()));
                Netlist n = Elaborator.elaborate(file, null, Map.of());
                rows.add(row(Scope.KIND, kind.name() + " " + describe(kind.exampleParameters()), n, c -> false, model, tech, dir, liberty));
                progress.update(rows.size(), total);
            }
        }
        if (scopes.test(Scope.UNIT)) {
            for (AreaCrossCheck.Unit u : AreaCrossCheck.standardCellUnits()) {
                Path dir = Files.createDirectories(workDir.resolve("unit-" + u.name().replace(' ', '-')));
                rows.add(row(Scope.UNIT, u.name(), u.netlist(), u.excluded(), model, tech, dir, liberty));
                progress.update(rows.size(), total);
            }
        }
        return rows;
    }

    /** The given netlists (elaborated with {@code params}), their memories (the buffer group) left out on both sides. */
    public static List<Row> netlists(TechLibrary tech, Path liberty, Path workDir, List<Path> files, java.util.Map<String, String> params,
                                     Done progress) throws Exception {
        CostModel model = new CostModel(tech);
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            Netlist n = Elaborator.elaborate(file, null, params);
            Path dir = Files.createDirectories(workDir.resolve("netlist" + rows.size()));
            rows.add(row(Scope.NETLIST, file.getFileName() + " (module " + n.top() + ")", n, AreaCrossCheck::buffer, model, tech, dir, liberty));
            progress.update(rows.size(), files.size());
        }
        return rows;
    }

    private static Row row(Scope scope, String name, Netlist n, Predicate<Component> excluded, CostModel model, TechLibrary tech,
                           Path dir, Path liberty) throws Exception {
        YosysArea.Mapped mapped = YosysArea.synthesize(n, dir, excluded, liberty);
        double modelPs = dev.bdsim.flow.Flow.timing(n, tech, excluded).pathPs();
        double staPs = StaticTiming.available() ? StaticTiming.criticalPathPs(mapped.netlist(), mapped.top(), liberty) : Double.NaN;
        return new Row(scope, name, AreaCrossCheck.modelGe(n, excluded, model) * tech.geAreaUm2(), mapped, modelPs, staPs);
    }

    private static String describe(Map<String, Object> params) {
        StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("lanes") && !(v instanceof String str && str.isEmpty())) {
                s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v);
            }
        });
        return "(" + s + ")";
    }
}
