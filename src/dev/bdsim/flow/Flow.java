package dev.bdsim.flow;

import dev.bdsim.BadInputException;
import dev.bdsim.cost.CostModel;
import dev.bdsim.cost.Flattening;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flow every command runs (gemm, golden, quantizer, cost, sweep, bench), as one list of named
 * stages in their order. The stages a command shares go through here; a command stops after a
 * stage and prints what it produced with {@code ./sim run NETLIST --dump STAGE}.
 */
public final class Flow {
    /** The stages, in order, each with why it comes where it does. */
    public enum Stage {
        TRACE("activation rows are read from a trace file as FP16, a batch at a time, so memory does not grow with the trace"),
        QUANTIZE("each batch is quantized in the format by the functional quantizers the netlists are checked against"),
        ELABORATE("the netlist is parsed and flattened into one circuit before anything runs, so errors point at the user's line"),
        SCHEDULE("the combinational components are levelised after the circuit is complete: one pass settles a delta cycle, "
                + "a loop is rejected here"),
        SIMULATE("a driver applies inputs cycle by cycle to a fresh simulation of the scheduled circuit"),
        ACTIVITY("actions and bit toggles are counted as they happen, per component, during the simulation"),
        COST("the activity is priced with a technology library once the run is over"),
        RESULTS("metrics, checks, result files, golden files and tables are written last, from the costed run");

        private final String reason;

        Stage(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }

        /** The stage {@code --dump} names, e.g. {@code flat} for the elaborated circuit. */
        public static Stage dumpable(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "flat", "elaborate" -> ELABORATE;
                case "schedule" -> SCHEDULE;
                default -> throw new BadInputException("--dump " + name + ": the stages that can be printed are flat (the flattened "
                        + "circuit) and schedule (the levelised order of the combinational components)");
            };
        }
    }

    private Flow() {}

    /** Elaborate and schedule: the flat circuit of {@code top} in {@code file}, checked free of combinational loops. */
    public static Netlist elaborate(Path file, String top, Map<String, String> params) {
        return Elaborator.elaborate(file, top, params);
    }

    /** Cost: the activity of a run of {@code cycles} cycles priced with {@code tech}; {@code work} counts the run's MACs or elements. */
    public static CostReport cost(Netlist netlist, List<Activity> activity, long cycles, TechLibrary tech, double clockHz, long work) {
        return new CostModel(tech).evaluate(netlist.circuit().components(), activity, cycles, clockHz, work, flattening(netlist));
    }

    /** What synthesis does across the netlist's component boundaries (see {@link Flattening}). */
    public static Flattening flattening(Netlist netlist) {
        return Flattening.of(netlist.circuit(), netlist.outputs().stream().flatMapToInt(p -> java.util.Arrays.stream(p.nets())).toArray());
    }

    /** The netlist's critical register-to-register path and the clock it allows. */
    public static dev.bdsim.cost.Timing.Report timing(Netlist netlist, TechLibrary tech) {
        return timing(netlist, tech, c -> false);
    }

    /** As above, the {@code excluded} components black boxes (as a synthesis comparison leaves them out). */
    public static dev.bdsim.cost.Timing.Report timing(Netlist netlist, TechLibrary tech, java.util.function.Predicate<Component> excluded) {
        int[] outputs = netlist.outputs().stream().flatMapToInt(p -> java.util.Arrays.stream(p.nets())).toArray();
        return dev.bdsim.cost.Timing.analyse(netlist.circuit(), outputs, tech, excluded);
    }

    /** What a stage produced, as text: the flattened circuit, or the schedule. */
    public static String dump(Stage stage, Netlist netlist) {
        if (stage == Stage.ELABORATE) {
            return netlist.flatDump();
        }
        if (stage != Stage.SCHEDULE) {
            throw new IllegalArgumentException("no printed form for " + stage);
        }
        List<Component> order = Simulator.schedule(netlist.circuit());
        StringBuilder b = new StringBuilder("// " + netlist.file() + ": module " + netlist.top() + " " + netlist.parameters()
                + ", schedule: " + order.size() + " combinational components in levelised order (each after those feeding it); "
                + "sequential ones sample at the clock edge\n");
        for (int i = 0; i < order.size(); i++) {
            Component c = order.get(i);
            b.append(String.format(Locale.ROOT, "%5d  %s : %s%n", i, c.name(), c.typeName()));
        }
        long sequential = netlist.circuit().components().stream().filter(Component::isSequential).count();
        b.append("sequential: ").append(sequential).append(" of ").append(netlist.circuit().components().size()).append(" components\n");
        return b.toString();
    }
}
