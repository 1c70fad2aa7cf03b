package dev.bdsim.cli;

import dev.bdsim.cost.Clock;
import dev.bdsim.BadInputException;
import dev.bdsim.ProjectHome;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "quantizer", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim quantizer --n 1,4,32"},
        description = {"Runs an activation trace through the online activation quantizer hardware cycle by cycle: DialectFP4's",
                "two-stage and exhaustive selectors, the MX formats' and the block integers' quantizers side by side; checks every code and block",
                "word against the functional quantizer and reports latency, throughput, area, power and energy per element."})
public final class QuantizerCommand implements Callable<Integer> {
    private static final int BATCH_ROWS = 256;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTIVATIONS", description = "Activation trace (default: ${DEFAULT-VALUE})")
    String activations = ProjectHome.file("traces", "layer0.attn_in.npy").toString();

    @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT",
            description = {"Formats, id or id@B: dialectfp4 (two-stage), dialectfp4-exh (exhaustive), mxfp4, mxfp6-e2m3, mxfp6-e3m2,",
                    "mxfp8-e4m3, mxfp8-e5m2, mxint8, int4, int8 (default: ${DEFAULT-VALUE})"})
    List<String> formats = new ArrayList<>(List.of("dialectfp4", "dialectfp4-exh"));

    @Option(names = "--n", split = ",", paramLabel = "N", description = "Cycles per block: a block enters as N chunks of B/N lanes (default: ${DEFAULT-VALUE})")
    List<Integer> chunks = new ArrayList<>(List.of(1));

    @Option(names = "--netlist", paramLabel = "FILE", description = {"Quantizer netlist (default: the format's, "
            + "rtl-models/quantizers/dialect_quantizer.bdn or block_quantizer.bdn)"})
    Path netlist;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Further netlist parameters (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--tokens", paramLabel = "ROWS", description = "Use the first ROWS activation rows (default: all)")
    int tokens;

    @Mixin
    CostOptions costOptions;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One configuration's measurements. */
    record Row(String quantizer, int n, CycleQuantizer.Stats stats, CostReport cost) {}

    @Override
    public Integer call() {
        if (tokens < 0) {
            throw new BadInputException("--tokens must not be negative, got " + tokens);
        }
        if (params.containsKey("N")) {
            throw new BadInputException("set N with --n (a list, e.g. --n 1,4,32), not --param N");
        }
        double hz = costOptions.clockHz();
        TechLibrary library = costOptions.library();
        TensorSource x = Traces.open(activations);
        int rows = tokens > 0 ? Math.min(tokens, x.rows()) : x.rows();
        List<Row> results = new ArrayList<>();
        for (String id : formats) {
            BlockFormat f = Formats.parse(id, Formats.Options.defaults());
            CycleQuantizer.of(f);
            for (int n : chunks) {
                results.add(run(f, n, x, rows, library, hz));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.with(JsonOption.document().put("activations", activations)
                    .put("rows", rows).put("cols", x.cols()).put("netlist", netlistLabel()).put("tech", library.name())
                    .put("clock_hz", hz), table(results));
            if (costOptions.breakdown) {
                com.fasterxml.jackson.databind.node.ArrayNode b = doc.putArray("components");
                results.forEach(r -> b.addObject().put("quantizer", r.quantizer()).put("n", r.n()).set("components",
                        CostTables.components(r.cost()).json()));
            }
            JsonOption.print(out, doc);
            return 0;
        }
        out.println(fmt("quantizer: %s, %d x %d FP16, netlist %s, %s, %s; every code and block word equals the functional quantizer's",
                activations, rows, x.cols(), netlistLabel(), costOptions.library().name(), Clock.format(hz)));
        out.println();
        table(results).print(out, Table.Style.TEXT);
        out.println("latency: cycles from a chunk's input to its codes; blocks/cy over the whole run (fill and drain included);");
        out.println("pJ/elem: energy per quantized activation (operations, switching, clocking, leakage)");
        if (costOptions.breakdown) {
            for (Row r : results) {
                out.println();
                out.println(r.quantizer() + ", N = " + r.n() + ":");
                CostTables.breakdown(out, r.cost());
            }
        }
        out.flush();
        return 0;
    }

    private String netlistLabel() {
        return netlist != null ? netlist.toString() : "the format's (rtl-models/quantizers)";
    }

    private Row run(BlockFormat f, int n, TensorSource x, int rows, TechLibrary library, double hz) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("N", Integer.toString(n));
        CycleQuantizer q = new CycleQuantizer(netlist, CycleQuantizer.clocked(netlist, p, f, library, hz), f);
        CycleQuantizer.Stats s = q.runChecked(x, rows, BATCH_ROWS);
        CostReport cost = Flow.cost(q.netlist(), s.activity(), s.cycles(), library, hz, s.elements());
        String name = f instanceof DialectFp4Format d ? d.quantizer(BlockFormat.Role.ACTIVATION).id() : f.id();
        return new Row(name + (f.blockSize() == 32 ? "" : " @" + f.blockSize()), n, s, cost);
    }

    static Table table(List<Row> rows) {
        Table t = new Table("configurations").column("quantizer", "quantizer", "%s").column("n", "N", "%d").column("lanes", "lanes", "%d")
                .column("latency_cycles", "latency", "%d").column("cycles", "cycles", "%,d").column("blocks_per_cycle", "blocks/cy", "%.3f")
                .column("area_um2", "area um^2", "%.0f").column("area_ge", "area GE", "%.0f").column("power_uw", "power uW", "%.1f")
                .column("energy_pj_per_element", "pJ/elem", "%.4f");
        for (Row r : rows) {
            CycleQuantizer.Stats s = r.stats();
            CostReport c = r.cost();
            t.row(r.quantizer(), r.n(), s.lanes(), s.latencyCycles(), s.cycles(), s.blocksPerCycle(), c.areaUm2(CostReport.ALL),
                    c.areaGe(CostReport.ALL), c.powerUw(CostReport.ALL), c.pjPerMac(CostReport.ALL));
        }
        return t;
    }
}
