package dev.bdsim.cli;

import dev.bdsim.cost.Clock;
import dev.bdsim.BadInputException;
import dev.bdsim.ProjectHome;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.model.Weights;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.netlist.Stimulus;
import dev.bdsim.quant.Formats;
import dev.bdsim.sweep.DatapathJob;
import dev.bdsim.trace.RowSource;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "cost", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim cost --macs"},
        description = {"Area, average power and energy per MAC of netlists, broken down by component. A datapath",
                "netlist runs a GEMM on a real trace (or on uniform random data with --random); any other",
                "module runs on uniform random inputs. Several netlists, or --macs, give a comparison table."})
public final class CostCommand implements Callable<Integer> {
    /** The single-lane MAC units of the README's comparison table, in its order. */
    static final List<String> MAC_UNITS = dev.bdsim.synth.AreaCrossCheck.MAC_UNITS;

    @Parameters(arity = "0..*", paramLabel = "NETLIST", description = "Netlist files (.bdn)")
    List<Path> netlists = new ArrayList<>();

    @Option(names = "--yosys", description = {"Compare the area proxy with Yosys (generic synthesis, stat -tech cmos) for the",
            "single-lane MAC units; prints both and their correlation"})
    boolean yosys;

    @Option(names = "--synth", description = {"Compare the model's area with standard-cell synthesis (Yosys + ABC mapped to --liberty)",
            "for the given netlists (their memories left out), or else for every component kind, the single-lane MAC units and",
            "the quantizers (DialectFP4's two, MXFP4's); the model uses --tech,",
            "which defaults to osu018 here (the technology library computed from the same Liberty)"})
    boolean synth;

    @Option(names = "--gates", description = {"Compare the model's energy per MAC with a gate-level simulation of every single-lane MAC unit "
            + "(mapped to --liberty, simulated in Icarus Verilog with the library's cell models, on a real trace); with --breakdown, "
            + "the unit of --format component by component"})
    boolean gates;

    @Option(names = "--cell-models", paramLabel = "FILE", description = "Verilog models of the --liberty cells for --gates (default: ${DEFAULT-VALUE})")
    Path cellModels = dev.bdsim.synth.GateLevelEnergy.CELL_MODELS;

    @Option(names = "--liberty", paramLabel = "LIB", description = "Liberty file of --synth (default: ${DEFAULT-VALUE})")
    Path liberty = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");

    @Option(names = "--macs", description = "Compare the single-lane MAC units of " + "int4, mxfp4, dialectfp4, nvfp4, mxfp6, mxfp8, int8, fp16")
    boolean macs;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format of a datapath netlist (default: from the shipped datapath's file name)")
    String format;

    @Option(names = "--activations", paramLabel = "TRACE", description = "Activation trace (default: ${DEFAULT-VALUE})")
    String activations = ProjectHome.file("traces", "layer0.attn_in.npy").toString();

    @Option(names = {"-w", "--weights"}, paramLabel = "WEIGHTS", description = "Weights: trace file or minilm:<linear> (default: ${DEFAULT-VALUE})")
    String weights = "minilm:layer.0.attention.self.query";

    @Option(names = "--tokens", paramLabel = "ROWS", description = "Activation rows used (default: ${DEFAULT-VALUE})")
    int tokens = 4;

    @Option(names = "--weight-rows", paramLabel = "ROWS", description = "Weight rows used (default: ${DEFAULT-VALUE})")
    int outputs = 64;

    @Option(names = "--random", description = "Uniform random data instead of the trace: FP16 values in [-1, 1) for datapaths")
    boolean random;

    @Option(names = "--cycles", paramLabel = "N", description = "Cycles a module that is not a datapath runs (default: the --stimulus lines, "
            + "or 10000 of uniform random inputs)")
    Long cycles;

    @Option(names = "--stimulus", paramLabel = "FILE", description = "Inputs per cycle of a module that is not a datapath (the format of "
            + "run --stimulus), instead of random inputs")
    Path stimulus;

    @Option(names = "--ops", paramLabel = "N", description = "Operations the module performs in the run (e.g. inputs accepted), for the "
            + "energy per operation (default: one per cycle)")
    Long operations;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random data (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Parameter of the top module(s), e.g. LANES=8 (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--acc", paramLabel = "KIND", description = "Accumulator of datapaths: fp32, fixed:W:F[:wrap], or fitted: per format the "
            + "narrowest fixed-point accumulator that neither overflows nor loses 0.1 dB of output SQNR on the first 64 activation rows "
            + "(default: ${DEFAULT-VALUE})")
    String accumulator = "fp32";

    @picocli.CommandLine.Mixin
    CostOptions costOptions;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One costed netlist; {@code label} names it in the comparison table. */
    record Row(String name, String label, int lanes, CostReport cost, long operations, dev.bdsim.cost.Timing.Report timing, String acc) {

        double pjPerOperation() {
            return operations > 0 ? cost.energyPj(CostReport.DATAPATH) / operations : Double.NaN;
        }
    }

    @Override
    public Integer call() throws Exception {
        double hz = costOptions.clockHz();
        TechLibrary library = costOptions.library();
        if (tokens < 1 || outputs < 1 || cycles != null && cycles < 1 || operations != null && operations < 1) {
            throw new BadInputException("--tokens, --weight-rows, --cycles and --ops must be at least 1");
        }
        if (synth) {
            TechLibrary tech = spec.commandLine().getParseResult().hasMatchedOption("--tech") ? library : TechLibrary.named("osu018");
            SynthComparison.print(spec.commandLine().getOut(), spec.commandLine().getErr(), tech, liberty, netlists, params, json.enabled);
            return 0;
        }
        if (gates) {
            TechLibrary tech = spec.commandLine().getParseResult().hasMatchedOption("--tech") ? library : TechLibrary.named("osu018");
            if (costOptions.breakdown) {
                GateEnergyComparison.printComponents(spec.commandLine().getOut(), tech, liberty, cellModels, format, json.enabled);
                return 0;
            }
            GateEnergyComparison.print(spec.commandLine().getOut(), spec.commandLine().getErr(), tech, liberty, cellModels, json.enabled);
            return 0;
        }
        if (yosys) {
            YosysComparison.print(spec.commandLine().getOut(), spec.commandLine().getErr(), library, netlists, params, json.enabled);
            return 0;
        }
        List<Path> files = new ArrayList<>(netlists);
        Map<String, String> p = new LinkedHashMap<>(params);
        if (macs) {
            for (String id : MAC_UNITS) {
                files.add(Datapaths.of(id));
            }
            p.putIfAbsent("LANES", "1");
        }
        if (files.isEmpty()) {
            throw new BadInputException("name a netlist to cost, or --macs for the MAC-unit comparison");
        }
        if (format != null && files.size() > 1) {
            throw new BadInputException("--format applies to one netlist; the shipped datapaths know their format");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows = new ArrayList<>();
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "netlists");
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String id = macs && i >= netlists.size() ? MAC_UNITS.get(i - netlists.size()) : format;
            Row row = isDatapath(file) ? datapath(file, id, p, library, hz) : module(file, p, library, hz);
            rows.add(row);
            progress.update(rows.size(), files.size());
            if (!json.enabled && (files.size() == 1 || costOptions.breakdown)) {
                out.println(row.name());
                CostTables.summary(out, row.cost());
                CostTables.timing(out, row.timing(), hz);
                if (row.operations() > 0) {
                    out.println(fmt("  energy %.4f pJ per operation (%,d operations, %s)", row.pjPerOperation(), row.operations(),
                            operations != null ? "--ops" : "one per cycle"));
                }
                if (costOptions.breakdown) {
                    CostTables.breakdown(out, row.cost());
                }
                out.println();
            }
        }
        progress.finish();
        if (json.enabled) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.document().put("tech", library.name()).put("clock_hz", hz);
            com.fasterxml.jackson.databind.node.ArrayNode list = doc.putArray("netlists");
            for (Row r : rows) {
                com.fasterxml.jackson.databind.node.ObjectNode o = list.addObject().put("netlist", r.name());
                CostTables.json(o, r.cost(), r.lanes());
                CostTables.json(o, r.timing(), hz);
                if (r.acc() != null) {
                    o.put("acc", r.acc()).put("core_area_um2", r.cost().areaUm2(CORE)).put("registers_and_control_area_um2",
                            r.cost().areaUm2(PERIPHERY)).put("core_pj_per_mac", r.cost().pjPerMac(CORE));
                }
                if (r.operations() > 0) {
                    o.put("operations", r.operations()).put("energy_pj_per_operation", r.pjPerOperation());
                }
                if (costOptions.breakdown) {
                    o.set("components", CostTables.components(r.cost()).json());
                }
            }
            JsonOption.print(out, doc);
        } else if (macs && netlists.isEmpty()) {
            macTable(rows, hz).print(out, Table.Style.MARKDOWN);
        } else if (files.size() > 1) {
            table(rows, hz).print(out, Table.Style.MARKDOWN);
        }
        out.flush();
        return 0;
    }

    private static boolean isDatapath(Path file) {
        return Elaborator.parameterNames(file, null).contains("W_WORDS");
    }

    /** The arithmetic core of a MAC unit as the literature draws it: decoders, multipliers, product alignment and adders, the accumulator. */
    static final java.util.function.Predicate<dev.bdsim.cost.ComponentCost> CORE = c -> java.util.Set.of(dev.bdsim.cost.Group.DECODER,
            dev.bdsim.cost.Group.MULTIPLIER, dev.bdsim.cost.Group.ADDER, dev.bdsim.cost.Group.ACCUMULATOR).contains(c.group());
    /** Operand and pipeline registers and control, around the core. */
    static final java.util.function.Predicate<dev.bdsim.cost.ComponentCost> PERIPHERY = c -> java.util.Set.of(dev.bdsim.cost.Group.REGISTER,
            dev.bdsim.cost.Group.CONTROL).contains(c.group());

    static final String FITTED = "fitted";
    static final int FIT_ROWS = 64;

    private Row datapath(Path file, String id, Map<String, String> p, TechLibrary library, double hz) {
        String formatId = id != null ? id : formatOf(file);
        BlockFormat f = Formats.parse(formatId, Formats.Options.defaults());
        RowSource x;
        Fp16Matrix w;
        if (random) {
            x = RowSource.of(uniform(tokens, 384, seed));
            w = uniform(outputs, 384, seed + 1);
        } else {
            x = Traces.open(activations);
            Fp16Matrix all = Weights.load(weights);
            w = firstRows(all, Math.min(outputs, all.rows()));
        }
        // --acc fitted: the narrowest fixed-point accumulator that keeps the format's accuracy on these operands
        String acc = !accumulator.equals(FITTED) ? accumulator : dev.bdsim.quality.AccumulatorFit.fit(f,
                x.readRows(0, Math.min(FIT_ROWS, x.rows())), w, dev.bdsim.quality.AccumulatorFit.DEFAULT_LOSS_DB).accumulator().toString();
        DatapathJob.Outcome o = DatapathJob.run(file, p, f, AccumulatorSpec.parse(acc), x, tokens, tokens, w, false,
                library, hz);
        String name = fmt("%s (%s, module %s, %s)", file, formatId, o.top(), o.parameters());
        return new Row(name, file.getFileName() + " (" + formatId + ")", o.stats().lanes(), o.cost(), 0, o.timing(), acc);
    }

    private static String formatOf(Path file) {
        for (String id : Datapaths.formats()) {
            if (Datapaths.of(id).getFileName().equals(file.getFileName())) {
                return id;
            }
        }
        throw new BadInputException(file + ": which number format does this datapath compute? give --format");
    }

    private Row module(Path file, Map<String, String> p, TechLibrary library, double hz) {
        Netlist n = Flow.elaborate(file, null, p);
        Simulator sim = n.simulator();
        Stimulus stim = stimulus != null ? Stimulus.load(stimulus, n) : null;
        long run = cycles != null ? cycles : stim != null ? stim.rows() : 10_000;
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Netlist.TopPort> inputs = n.inputs().stream().filter(t -> !t.name().equals(n.resetPort())).toList();
        for (long c = 0; c < run; c++) {
            if (stim != null) {
                stim.apply(sim, c);
            } else {
                randomInputs(sim, inputs, rnd);
            }
            sim.tick();
        }
        CostReport cost = Flow.cost(n, sim.activity(), run, library, hz, 0);
        String inputsFrom = stim != null ? "inputs from " + stimulus : "uniform random inputs";
        return new Row(fmt("%s (module %s %s, %,d cycles of %s)", file, n.top(), n.parameters(), run, inputsFrom),
                file.getFileName() + " (module " + n.top() + ")", 0, cost, operations != null ? operations : run, Flow.timing(n, library), null);
    }

    private static void randomInputs(Simulator sim, List<Netlist.TopPort> inputs, SplittableRandom rnd) {
        for (Netlist.TopPort in : inputs) {
            for (int net : in.nets()) {
                if (in.type().wide()) {
                    sim.setWide(net, rnd.nextLong(), rnd.nextLong() >> (128 - in.type().width()));
                } else {
                    sim.set(net, in.type().normalize(rnd.nextLong()));
                }
            }
        }
    }

    static Fp16Matrix uniform(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble(-1, 1);
        }
        return Fp16Matrix.fromDoubles("uniform" + seed, rows, cols, v);
    }

    static Fp16Matrix firstRows(Fp16Matrix m, int rows) {
        return RowSource.of(m).readRows(0, rows);
    }

    /** The MAC units with the literature's boundary: the arithmetic core apart from registers and control, the accumulator stated. */
    private static Table macTable(List<Row> rows, double hz) {
        Table t = new Table("netlists").column("netlist", "MAC unit", "%s").column("acc", "accumulator", "%s")
                .column("core_area_um2", "core (um^2)", "%.0f").column("registers_and_control_area_um2", "registers, control (um^2)", "%.0f")
                .column("area_um2", "unit (um^2)", "%.0f").column("core_pj_per_mac", "core (pJ/MAC)", "%.4f")
                .column("energy_pj_per_mac", "unit (pJ/MAC)", "%.4f").column("max_clock_mhz", "max clock (MHz)", "%.0f");
        for (Row r : rows) {
            CostReport c = r.cost();
            t.row(r.label(), r.acc(), c.areaUm2(CORE), c.areaUm2(PERIPHERY), c.areaUm2(CostReport.DATAPATH), c.pjPerMac(CORE),
                    c.pjPerMac(CostReport.DATAPATH), r.timing().maxClockHz() / 1e6);
        }
        return t;
    }

    private static Table table(List<Row> rows, double hz) {
        Table t = new Table("netlists").column("netlist", "datapath", "%s").column("lanes", "lanes", "%d")
                .column("area_um2", "area (um^2)", "%.0f").column("area_ge", "area (GE)", "%.0f")
                .column("power_uw", "power at " + Clock.format(hz) + " (uW)", "%.1f")
                .column("energy_pj_per_mac", "energy (pJ/MAC)", "%.4f")
                .column("energy_pj_per_mac_with_buffers", "with weight buffer (pJ/MAC)", "%.4f")
                .column("max_clock_mhz", "max clock (MHz)", "%.0f");
        boolean perOperation = rows.stream().anyMatch(r -> r.operations() > 0);
        if (perOperation) {
            t.column("energy_pj_per_operation", "energy (pJ/operation)", "%.4f");
        }
        for (Row r : rows) {
            CostReport c = r.cost();
            // a module that is not a datapath does no MACs: no lanes and no energy per MAC to show
            boolean macs = c.macs() > 0;
            List<Object> values = new ArrayList<>(java.util.Arrays.asList(r.label(), macs ? r.lanes() : null, c.areaUm2(CostReport.DATAPATH),
                    c.areaGe(CostReport.DATAPATH), c.powerUw(CostReport.DATAPATH), macs ? c.pjPerMac(CostReport.DATAPATH) : null,
                    macs ? c.pjPerMac(CostReport.ALL) : null, r.timing().maxClockHz() / 1e6));
            if (perOperation) {
                values.add(r.operations() > 0 ? r.pjPerOperation() : null);
            }
            t.row(values.toArray());
        }
        return t;
    }
}
