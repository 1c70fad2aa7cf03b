package dev.bdsim.cli;

import dev.bdsim.cost.Clock;
import dev.bdsim.ProjectHome;
import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.CostReport;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.model.Weights;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.quant.Formats;
import dev.bdsim.sweep.AcceleratorJob;
import dev.bdsim.sweep.DatapathJob;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "gemm", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim gemm --tokens 128 --check -f mxfp4"},
        description = {"Runs Y = X·Wᵀ through a datapath netlist cycle by cycle: activations streamed from a trace,",
                "weights in the datapath's buffers. Reports cycles, utilisation, stalls, output SQNR, energy and area."})
public final class GemmCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTIVATIONS",
            description = "Activation trace X[tokens][K] (default: ${DEFAULT-VALUE})")
    String activations = ProjectHome.file("traces", "layer0.attn_in.npy").toString();

    @Option(names = {"-w", "--weights"}, paramLabel = "WEIGHTS",
            description = {"Weight tensor W[out][K]: a trace file or minilm:<linear>", "(default: ${DEFAULT-VALUE})"})
    String weights = "minilm:layer.0.attention.self.query";

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Number format, id or id@B (default: ${DEFAULT-VALUE})")
    String format = "dialectfp4";

    @Option(names = "--netlist", paramLabel = "FILE", description = "Datapath netlist, or with --accelerator an accelerator netlist (default: the shipped one of the format)")
    Path netlist;

    @Option(names = "--accelerator", description = {"Run the whole accelerator: activations from DRAM, quantized online, a FIFO,",
            "a ROWS x LANES array (README \"Accelerators\"); --param sets its design"})
    boolean accelerator;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Datapath parameter, e.g. LANES=16 or DEPTH=2 (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--acc", paramLabel = "KIND", description = "Accumulator: fp32 or fixed:W:F[:wrap] (default: ${DEFAULT-VALUE})")
    String accumulator = "fp32";

    @Option(names = "--tokens", paramLabel = "ROWS", description = "Use the first ROWS activation rows (default: all)")
    int tokens;

    @Option(names = "--batch", paramLabel = "ROWS", description = "Activation rows quantized and streamed at a time (default: ${DEFAULT-VALUE})")
    int batch = 128;

    @Option(names = "--check", description = "Compare every output bit with the functional GEMM (exit 3 on a difference)")
    boolean check;

    @Option(names = "--sample", paramLabel = "TILES", description = {"Simulate only a stratified random sample of about TILES tiles",
            "(one activation row x --sample-rows output rows) and extrapolate energy and activity with 95-percent confidence intervals;",
            "cycles stay exact, from the schedule (default: 0, every output simulated)"})
    long sample;

    @Option(names = "--sample-rows", paramLabel = "ROWS", description = "Output rows per sampled tile (default: ${DEFAULT-VALUE})")
    int sampleRows = 16;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sample's tiles (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @picocli.CommandLine.Mixin
    CostOptions costOptions;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new BadInputException("--batch must be at least 1, got " + batch);
        }
        if (tokens < 0) {
            throw new BadInputException("--tokens must not be negative, got " + tokens);
        }
        double hz = costOptions.clockHz();
        TechLibrary library = costOptions.library();
        AccumulatorSpec acc = AccumulatorSpec.parse(accumulator);
        BlockFormat f = Formats.parse(format, Formats.Options.defaults());
        TensorSource x = Traces.open(activations);
        Fp16Matrix w = Weights.load(weights);
        if (sample < 0) {
            throw new BadInputException("--sample must not be negative, got " + sample);
        }
        if (accelerator && sample > 0) {
            throw new BadInputException("--sample applies to datapath runs; drop --accelerator, or --sample to simulate the accelerator whole");
        }
        if (accelerator) {
            ProgressLine rows = new ProgressLine(spec.commandLine().getErr(), "rows");
            AcceleratorJob.Outcome o = AcceleratorJob.run(netlist, params, f, acc, x, tokens, w, check, library, hz, rows::update);
            rows.finish();
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled) {
                JsonOption.print(out, json(o, activations, weights));
            } else {
                print(out, o, activations, weights);
            }
            out.flush();
            return 0;
        }
        Path file = netlist != null ? netlist : Datapaths.of(f.id());
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "rows");
        DatapathJob.Outcome o = sample > 0
                ? DatapathJob.runSampled(file, params, f, acc, x, tokens, w, check, library, hz, sample, sampleRows, seed)
                : DatapathJob.run(file, params, f, acc, x, tokens, batch, w, check, library, hz, progress::update);
        progress.finish();
        int rows = tokens > 0 ? Math.min(tokens, x.rows()) : x.rows();
        CostReport quantizer = CycleQuantizer.has(f)
                ? DatapathJob.quantizer(f, o.stats().lanes(), w.rows(), x, rows, batch, library, hz) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = json(o, activations, weights, costOptions.breakdown);
            if (quantizer != null) {
                doc.put("quantizer_pj_per_mac", quantizer.energyPj(CostReport.ALL) / o.stats().macs())
                        .put("quantizer_area_um2", quantizer.areaUm2(CostReport.ALL));
            }
            JsonOption.print(out, doc);
            return 0;
        }
        print(out, o, activations, weights);
        out.println(quantizer == null ? "  quantizer    none: FP16 activations pass through"
                : fmt("  quantizer    the online activation quantizer, as narrow as keeps up: %.4f pJ/MAC (%.4f pJ/MAC with the "
                        + "datapath), %.0f um^2", quantizer.energyPj(CostReport.ALL) / o.stats().macs(),
                        o.cost().pjPerMac(CostReport.DATAPATH) + quantizer.energyPj(CostReport.ALL) / o.stats().macs(),
                        quantizer.areaUm2(CostReport.ALL)));
        if (costOptions.breakdown) {
            out.println();
            CostTables.breakdown(out, o.cost());
        }
        out.flush();
        return 0;
    }

    /** The overflow count of a run, with a warning when there are any. */
    static String overflows(long n, AccumulatorSpec acc) {
        if (n == 0) {
            return "0 accumulator adds overflowed";
        }
        return fmt("%,d accumulator adds overflowed and %s: WARNING, the outputs are not the format's; widen the accumulator or "
                + "give it more integer bits", n, acc.wrap() ? "wrapped" : "saturated");
    }

    static com.fasterxml.jackson.databind.node.ObjectNode json(DatapathJob.Outcome o, String activations, String weights, boolean breakdown) {
        var s = o.stats();
        com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.document().put("activations", activations).put("weights", weights)
                .put("rows", o.rows()).put("k", o.k()).put("cols", o.cols()).put("format", o.format().label()).put("acc", o.acc().toString())
                .put("netlist", o.netlist().toString()).put("top", o.top()).put("parameters", o.parameters().toString())
                .put("cycles", s.cycles()).put("chunks", s.chunks()).put("idle_cycles", s.idleCycles()).put("utilisation", s.utilisation())
                .put("stall_cycles", s.stallCycles()).put("checked_outputs", o.checkedOutputs()).put("accumulator_overflows", s.accumulatorOverflows())
                .put("tech", o.cost().tech().name()).put("clock_hz", o.cost().clockHz());
        Table.put(doc, "output_sqnr_db", o.outputSqnrDb());
        CostTables.json(doc, o.cost(), s.lanes());
        DatapathJob.Sampling sm = o.sampling();
        if (sm != null) {
            doc.put("sampled_tiles", sm.sampledTiles()).put("population_tiles", sm.populationTiles()).put("sample_strata", sm.strata())
                    .put("sample_tile_rows", sm.tileRows()).put("simulated_cycles", sm.simulatedCycles())
                    .put("energy_pj_estimate", sm.energyPj().value()).put("energy_pj_ci95", sm.energyPj().halfWidth())
                    .put("datapath_energy_pj_estimate", sm.datapathPj().value()).put("datapath_energy_pj_ci95", sm.datapathPj().halfWidth());
        }
        CostTables.json(doc, o.timing(), o.cost().clockHz());
        if (breakdown) {
            doc.set("components", CostTables.components(o.cost()).json());
        }
        return doc;
    }

    static com.fasterxml.jackson.databind.node.ObjectNode json(AcceleratorJob.Outcome o, String activations, String weights) {
        var s = o.stats();
        var d = o.dram();
        com.fasterxml.jackson.databind.node.ObjectNode doc = JsonOption.document().put("activations", activations).put("weights", weights)
                .put("rows", o.rows()).put("k", o.k()).put("cols", o.cols()).put("format", o.format().label()).put("acc", o.acc().toString())
                .put("netlist", String.valueOf(o.netlist())).put("top", o.top()).put("parameters", o.parameters().toString())
                .put("cycles", s.cycles()).put("issues", s.issues()).put("fill_cycles", s.fillCycles())
                .put("quantizer_stall_cycles", s.quantizerStallCycles()).put("dram_stall_cycles", s.dramStallCycles())
                .put("weight_stall_cycles", s.weightStallCycles()).put("weight_tiles", s.tiles())
                .put("drain_cycles", s.drainCycles()).put("stall_cycles", s.stallCycles()).put("backpressure_cycles", s.backpressureCycles())
                .put("utilisation", s.utilisation()).put("checked_outputs", o.checkedOutputs())
                .put("dram_activation_bytes", d.activationBytes()).put("dram_weight_bytes", d.weightBytes()).put("dram_table_bytes", d.tableBytes())
                .put("dram_output_bytes", d.outputBytes())
                .put("quantizer_pj_per_mac", o.pjPerMac(o.quantizerPj())).put("array_pj_per_mac", o.pjPerMac(o.arrayPj()))
                .put("buffer_pj_per_mac", o.pjPerMac(o.bufferPj())).put("dram_pj_per_mac", o.pjPerMac(o.dramPj()))
                .put("energy_pj_per_mac_total", o.pjPerMac(o.totalPj())).put("energy_pj_per_token", o.totalPj() / o.rows())
                .put("tops_per_w", o.topsPerWatt()).put("tops_per_mm2", o.topsPerMm2())
                .put("area_um2", o.cost().areaUm2(CostReport.ALL)).put("buffer_area_um2", o.cost().areaUm2(CostReport.BUFFERS))
                .put("quantizer_area_um2", o.cost().areaUm2(AcceleratorJob.QUANTIZER))
                .put("tech", o.cost().tech().name()).put("clock_hz", o.cost().clockHz());
        Table.put(doc, "output_sqnr_db", o.outputSqnrDb());
        CostTables.json(doc, o.timing(), o.cost().clockHz());
        return doc;
    }

    static void print(PrintWriter out, AcceleratorJob.Outcome o, String activations, String weights) {
        var s = o.stats();
        var d = o.dram();
        CostReport r = o.cost();
        out.println(fmt("gemm: X %dx%d (%s) · Wᵀ %dx%d (%s), %s, accumulator %s", o.rows(), o.k(), activations, o.cols(), o.k(),
                weights, o.format().label(), o.acc()));
        out.println(fmt("accelerator: %s: module %s %s", o.netlist(), o.top(), o.parameters()));
        out.println(fmt("  cycles       %,d: %,d with a chunk issued, %,d filling, %,d waiting on the quantizer, %,d on activations "
                + "from DRAM, %,d on weights from DRAM, %,d draining", s.cycles(), s.issues(), s.fillCycles(), s.quantizerStallCycles(),
                s.dramStallCycles(), s.weightStallCycles(), s.drainCycles()));
        out.println(fmt("  utilisation  %.2f %% of %d x %d multipliers", 100 * s.utilisation(), s.rows(), s.lanes()));
        out.println(fmt("  backpressure %,d cycles the reader held a block back: the FIFO had no room for it", s.backpressureCycles()));
        out.println(fmt("  DRAM         %,d bytes: activations %,d (streamed%s), weights %,d (%s)%s, outputs %,d",
                d.bytes(), d.activationBytes(), s.weightsStreamed() ? ", once per tile" : "", d.weightBytes(),
                s.weightsStreamed() ? fmt("streamed in %d tiles", s.tiles()) : "resident: loaded before the run",
                d.tableBytes() > 0 ? fmt(", %s %,d (loaded before the run)", o.format() instanceof dev.bdsim.format.AdditiveCodebookFormat
                        ? "codebooks" : "second-level scales", d.tableBytes()) : "", d.outputBytes()));
        out.println("  check        " + (o.checkedOutputs() > 0 ? fmt("%,d outputs bit-exact with the functional quantize + GEMM", o.checkedOutputs())
                : "not run (--check compares every output bit with the functional quantize + GEMM)"));
        out.println("  output SQNR  " + Sqnr.format(o.outputSqnrDb()) + " dB against the FP64 product of the FP16 inputs");
        out.println(fmt("  energy       %.4f pJ/MAC: quantizer %.4f, array %.4f, buffers %.4f, DRAM %.4f; %.1f nJ per token",
                o.pjPerMac(o.totalPj()), o.pjPerMac(o.quantizerPj()), o.pjPerMac(o.arrayPj()), o.pjPerMac(o.bufferPj()),
                o.pjPerMac(o.dramPj()), o.totalPj() / o.rows() / 1000));
        out.println(fmt("  area         %.0f um^2: quantizer %.0f, buffers %.0f", r.areaUm2(CostReport.ALL), r.areaUm2(AcceleratorJob.QUANTIZER),
                r.areaUm2(CostReport.BUFFERS)));
        out.println(fmt("  efficiency   %.3f TOPS/W, %.4f TOPS/mm^2 at %s (stalls included)", o.topsPerWatt(), o.topsPerMm2(),
                Clock.format(r.clockHz())));
        out.println(fmt("  time         %.3f us; simulated in %.2f s", r.seconds() * 1e6, o.wallSeconds()));
        CostTables.timing(out, o.timing(), r.clockHz());
    }

    static void print(PrintWriter out, DatapathJob.Outcome o, String activations, String weights) {
        var s = o.stats();
        out.println(fmt("gemm: X %dx%d (%s) · Wᵀ %dx%d (%s), %s, accumulator %s", o.rows(), o.k(), activations, o.cols(), o.k(),
                weights, o.format().label(), o.acc()));
        out.println(fmt("datapath: %s: module %s %s", o.netlist(), o.top(), o.parameters()));
        DatapathJob.Sampling sm = o.sampling();
        if (sm != null) {
            out.println(fmt("  sampled      %,d of %,d tiles (1 activation row x %d output rows, %d strata), %,d cycles simulated of %,d; "
                    + "energy ±%.2f %% (datapath ±%.2f %%), 95 %% interval", sm.sampledTiles(), sm.populationTiles(), sm.tileRows(),
                    sm.strata(), sm.simulatedCycles(), s.cycles(), 100 * sm.energyPj().relativeHalfWidth(),
                    100 * sm.datapathPj().relativeHalfWidth()));
            out.println(fmt("  cycles       %,d from the schedule (%,d chunks of %d lanes, one stream, then the drain: %,d cycles, simulated)",
                    s.cycles(), s.chunks(), s.lanes(), s.idleCycles()));
        } else {
            out.println(fmt("  cycles       %,d (%,d chunks of %d lanes, %,d cycles without a chunk: the pipeline drains after each streamed batch)",
                    s.cycles(), s.chunks(), s.lanes(), s.idleCycles()));
        }
        out.println(fmt("  utilisation  %.2f %% of %d multipliers", 100 * s.utilisation(), s.lanes()));
        if (sm == null) {
            out.println(fmt("  stall cycles %,d (the array waiting while the pipeline drains between streamed batches of --batch rows)",
                    s.stallCycles()));
        }
        out.println("  check        " + (o.checkedOutputs() > 0 ? fmt("%,d %soutputs bit-exact with the functional GEMM", o.checkedOutputs(),
                sm != null ? "sampled " : "")
                : "not run (--check compares every output bit with the functional GEMM)"));
        out.println("  output SQNR  " + Sqnr.format(o.outputSqnrDb()) + " dB against the FP64 product of the FP16 inputs"
                + (sm != null ? ", over the sampled outputs" : ""));
        out.println("  overflows    " + overflows(s.accumulatorOverflows(), o.acc()));
        if (sm == null) {
            out.println(fmt("  simulated    %,d MACs in %.2f s: %.1f M MAC/s, peak heap %.0f MB", s.macs(), o.wallSeconds(),
                    o.macsPerSecond() / 1e6, o.peakHeapBytes() / 1048576.0));
        } else {
            out.println(fmt("  simulated    %,d cycles in %.2f s, standing for %,d MACs (%.1f M MAC/s), peak heap %.0f MB",
                    sm.simulatedCycles(), o.wallSeconds(), s.macs(), o.macsPerSecond() / 1e6, o.peakHeapBytes() / 1048576.0));
        }
        CostTables.summary(out, o.cost());
        CostReport r = o.cost();
        out.println(fmt("  time         %.3f us at %s", r.seconds() * 1e6, Clock.format(r.clockHz())));
        CostTables.timing(out, o.timing(), r.clockHz());
    }
}
