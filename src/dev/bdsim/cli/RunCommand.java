package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.flow.Flow;
import dev.bdsim.io.AtomicFile;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.kernel.VcdWriter;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.netlist.Stimulus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "run", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim run rtl-models/examples/pipeline.bdn --stimulus rtl-models/examples/pipeline.stim"},
        description = {"Elaborates a netlist and simulates it cycle by cycle; prints the cycles, the final outputs and",
                "the activity of every instance. Inputs come from a stimulus file (first line: input names,",
                "then one line of values per cycle, '-' holds) or stay 0; a reset the file does not drive is",
                "high in cycle 0."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NETLIST", description = "Netlist file (.bdn)")
    Path netlist;

    @Option(names = "--top", paramLabel = "MODULE", description = "Module to simulate (default: the last one in the file)")
    String top;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a parameter of the top module (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--vcd-all", description = "With --vcd: every component's outputs too, in a scope per instance "
            + "(generated gates and library parts included), not only the named signals")
    boolean vcdAll;

    @Option(names = "--stimulus", paramLabel = "FILE", description = "Input values per cycle")
    Path stimulus;

    @Option(names = "--cycles", paramLabel = "N", description = "Cycles to simulate (default: the stimulus lines, or 100)")
    Long cycles;

    @Option(names = "--vcd", paramLabel = "FILE", description = "Write a waveform (Value Change Dump) for GTKWave")
    Path vcd;

    @Option(names = "--outputs", paramLabel = "FILE", description = "Write the top outputs of every cycle as CSV")
    Path outputs;

    @Option(names = "--all", description = "List wiring (slices, casts, constants) in the activity table too")
    boolean all;

    @Option(names = "--dump", paramLabel = "STAGE", description = "Print the circuit after a stage of the flow and stop; "
            + "flat: the flattened circuit (every net, every instance and its port nets); schedule: the levelised order")
    String dump;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Flow.Stage stop = dump == null ? null : Flow.Stage.dumpable(dump);
        Netlist n = Flow.elaborate(netlist, top, params);
        if (stop != null) {
            out.print(Flow.dump(stop, n));
            out.flush();
            return 0;
        }
        if (vcdAll && vcd == null) {
            throw new BadInputException("--vcd-all adds signals to a waveform: give the file with --vcd FILE");
        }
        Stimulus stim = stimulus == null ? Stimulus.none(n) : Stimulus.load(stimulus, n);
        long total = cycles != null ? cycles : stimulus != null ? stim.rows() : 100;
        if (total < 0) {
            throw new BadInputException("--cycles must be 0 or more, got " + total);
        }
        Simulator sim = n.simulator();
        long start = System.nanoTime();
        optional(vcd, waves -> optional(outputs, csv -> simulate(n, sim, stim, total, waves, csv, vcdAll)));
        double seconds = (System.nanoTime() - start) / 1e9;

        out.printf(Locale.ROOT, "%s: module %s%s%n", netlist, n.top(), n.parameters().isEmpty() ? "" : " " + n.parameters());
        out.printf(Locale.ROOT, "simulated %d cycles, %d events in %.3f s%n", sim.cycle(), sim.events(), seconds);
        if (!n.outputs().isEmpty()) {
            out.printf("%noutputs after cycle %d:%n", sim.cycle());
            for (Netlist.TopPort p : n.outputs()) {
                out.printf("  %s = %s%n", p.name(), lanes(sim, p));
            }
        }
        out.println();
        out.print(activityTable(sim.activity(), all));
        out.flush();
        if (vcd != null) {
            out.println("waveform: " + vcd);
        }
        if (outputs != null) {
            out.println("outputs per cycle: " + outputs);
        }
        return 0;
    }

    private interface WriterBody {
        void write(Writer w) throws IOException;
    }

    private static void optional(Path file, WriterBody body) throws IOException {
        if (file == null) {
            body.write(null);
        } else {
            AtomicFile.writeText(file, body::write);
        }
    }

    private static void simulate(Netlist n, Simulator sim, Stimulus stim, long total, Writer waves, Writer csv, boolean everyOutput)
            throws IOException {
        VcdWriter vcdWriter = null;
        if (waves != null) {
            List<VcdWriter.Signal> signals = new ArrayList<>(n.probes().stream()
                    .map(p -> new VcdWriter.Signal(p.scope(), p.name(), p.net())).toList());
            if (everyOutput) {
                signals.addAll(componentOutputs(n));
            }
            vcdWriter = new VcdWriter(waves, sim, signals, n.top());
            sim.addObserver(vcdWriter);
        }
        if (csv != null) {
            List<String> header = new ArrayList<>(List.of("cycle"));
            for (Netlist.TopPort p : n.outputs()) {
                for (int lane = 0; lane < p.lanes(); lane++) {
                    header.add(p.array() ? p.name() + "[" + lane + "]" : p.name());
                }
            }
            csv.write(String.join(",", header) + "\n");
            sim.addObserver((s, cycle) -> {
                StringBuilder row = new StringBuilder().append(cycle);
                for (Netlist.TopPort p : n.outputs()) {
                    for (int net : p.nets()) {
                        row.append(',').append(s.valueNow(net));
                    }
                }
                try {
                    csv.write(row.append('\n').toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        for (long c = 0; c < total; c++) {
            stim.apply(sim, c);
            sim.tick();
        }
        if (vcdWriter != null) {
            vcdWriter.finish(sim);
        }
    }

    /** Every output port of every component, in a scope named after the instance (its path split at the dots). */
    static List<VcdWriter.Signal> componentOutputs(Netlist n) {
        List<VcdWriter.Signal> signals = new ArrayList<>();
        for (dev.bdsim.kernel.Component c : n.circuit().components()) {
            List<String> scope = new ArrayList<>(List.of(n.top()));
            scope.addAll(List.of(c.name().split("\\.")));
            for (dev.bdsim.kernel.Port port : c.ports()) {
                if (port.isInput()) {
                    continue;
                }
                for (int lane = 0; lane < port.lanes(); lane++) {
                    signals.add(new VcdWriter.Signal(scope, port.lanes() > 1 ? port.name() + "[" + lane + "]" : port.name(), port.net(lane)));
                }
            }
        }
        return signals;
    }

    private static String lanes(Simulator sim, Netlist.TopPort p) {
        if (!p.array()) {
            return sim.value(p.nets()[0]).toString();
        }
        List<String> values = new ArrayList<>();
        for (int lane = 0; lane < Math.min(p.lanes(), 16); lane++) {
            values.add(sim.value(p.nets()[lane]).toString());
        }
        return "[" + String.join(" ", values) + (p.lanes() > 16 ? " ... (" + p.lanes() + " lanes)" : "") + "]";
    }

    /** One line per instance: active and idle cycles, output and state toggles, action counts. */
    static String activityTable(List<Activity> activity, boolean withWiring) {
        List<Activity> shown = activity.stream().filter(a -> withWiring || !a.wiring()).toList();
        int width = Math.max(8, shown.stream().mapToInt(a -> a.instance().length()).max().orElse(0));
        int typeWidth = Math.max(11, shown.stream().mapToInt(a -> a.type().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        String format = "%-" + width + "s  %-" + typeWidth + "s %10s %10s %12s  %s%n";
        sb.append(String.format(Locale.ROOT, format, "instance", "type", "active", "idle", "toggles", "actions"));
        for (Activity a : shown) {
            String actions = a.actions().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            sb.append(String.format(Locale.ROOT, format, a.instance(), a.type(), a.activeCycles(), a.idleCycles(),
                    a.outputToggles() + a.stateToggles(), actions));
        }
        long hidden = activity.size() - shown.size();
        if (hidden > 0) {
            sb.append("(").append(hidden).append(" wiring components not listed; --all lists them)\n");
        }
        return sb.toString();
    }
}
