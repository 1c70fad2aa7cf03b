package dev.bdsim.sweep;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.Clock;
import dev.bdsim.cost.CostReport;
import dev.bdsim.gemm.CycleAccelerator;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.CycleQuantizer;
import dev.bdsim.format.Fp16Format;
import dev.bdsim.io.InputFiles;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.model.Corpus;
import dev.bdsim.model.MiniLm;
import dev.bdsim.model.WordPieceTokenizer;
import dev.bdsim.quality.ModelAccuracy;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.RowSource;
import dev.bdsim.trace.ShippedTraces;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one sweep point: the GEMM of the spec's traces through the point's datapath, checked bit for bit, and its costs. */
final class PointEvaluator {
    private final SweepSpec spec;
    private final Path home;
    private final RowSource activations;
    private final Fp16Matrix weights;
    private final Map<String, Double> cosines = new java.util.concurrent.ConcurrentHashMap<>();
    private ModelAccuracy accuracy;

    PointEvaluator(SweepSpec spec, Path home, RowSource activations, Fp16Matrix weights) {
        this.spec = spec;
        this.home = home;
        this.activations = activations;
        this.weights = weights;
    }

    /** The model and the shipped corpus, loaded once, when a point first needs the embedding cosine. */
    private synchronized ModelAccuracy accuracy() {
        if (accuracy == null) {
            try {
                WordPieceTokenizer tokenizer = MiniLm.tokenizer();
                ShippedTraces traces = ShippedTraces.load(home.resolve("traces"));
                List<long[]> ids = Corpus.sentences(traces.dir().resolve("corpus.txt")).stream().map(tokenizer::encode).toList();
                accuracy = new ModelAccuracy(MiniLm.load(), traces, 0, ids);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return accuracy;
    }

    private static Map<String, String> params(SweepSpec.Point p) {
        Map<String, String> params = new LinkedHashMap<>(p.params());
        params.put("LANES", Integer.toString(p.lanes()));
        params.put("DEPTH", Integer.toString(p.depth()));
        return params;
    }

    private boolean accelerator() {
        return spec.design().equals("accelerator");
    }

    /**
     * The files a point reads besides the traces (its netlist and imports, the data files its
     * components load, its quantizer's netlist, its technology library), by path, with their SHA-256: elaborated as the point is.
     */
    Map<String, String> inputFiles(SweepSpec.Point p) {
        Map<String, String> read = new java.util.TreeMap<>();
        InputFiles.recording(read, () -> {
            BlockFormat f = Formats.parse(p.format(), Formats.Options.defaults());
            if (accelerator()) {
                new CycleAccelerator(home.resolve(p.netlist()), params(p), f, f.quantize(weights, BlockFormat.Role.WEIGHT),
                        AccumulatorSpec.parse(p.acc()), TechLibrary.named(p.tech()), Clock.parse(p.clock()));
                return TechLibrary.named(p.tech());
            }
            new CycleGemm(home.resolve(p.netlist()), null, params(p), f.quantize(weights, BlockFormat.Role.WEIGHT),
                    AccumulatorSpec.parse(p.acc()));
            if (CycleQuantizer.has(f)) {
                new CycleQuantizer(null, Map.of("N", "1"), f);
            }
            return TechLibrary.named(p.tech());
        });
        return read;
    }

    PointResult evaluate(SweepSpec.Point p) {
        BlockFormat f = Formats.parse(p.format(), Formats.Options.defaults());
        if (accelerator()) {
            return evaluateAccelerator(p, f);
        }
        DatapathJob.Outcome o = spec.sample() > 0
                ? DatapathJob.runSampled(home.resolve(p.netlist()), params(p), f, AccumulatorSpec.parse(p.acc()), activations,
                        spec.tokens(), weights, true, TechLibrary.named(p.tech()), Clock.parse(p.clock()), spec.sample(), spec.sampleRows(),
                        1L)
                : DatapathJob.run(home.resolve(p.netlist()), params(p), f, AccumulatorSpec.parse(p.acc()), activations,
                        spec.tokens(), spec.tokens(), weights, true, TechLibrary.named(p.tech()), Clock.parse(p.clock()));
        CostReport r = o.cost();
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("bits_per_element", f.bitsPerElement());
        all.put("cycles", (double) o.stats().cycles());
        all.put("utilisation", o.stats().utilisation());
        all.put("stall_cycles", (double) o.stats().stallCycles());
        all.put("macs", (double) o.stats().macs());
        all.put("energy_pj_per_mac", r.pjPerMac(CostReport.DATAPATH));
        all.put(SweepMetrics.SAMPLE_CI, o.sampling() == null ? Double.NaN : 100 * o.sampling().datapathPj().relativeHalfWidth());
        all.put("energy_pj_per_mac_with_buffers", r.pjPerMac(CostReport.ALL));
        all.put("power_uw", r.powerUw(CostReport.DATAPATH));
        all.put("area_um2", r.areaUm2(CostReport.DATAPATH));
        all.put("area_ge", r.areaGe(CostReport.DATAPATH));
        all.put(SweepMetrics.BUFFER_AREA, r.areaUm2(CostReport.BUFFERS));
        all.put(SweepMetrics.MAX_CLOCK, o.timing().maxClockHz() / 1e6);
        all.put(SweepMetrics.CLOCK_ABOVE_MAX, o.timing().meets(r.clockHz()) ? 0.0 : 1.0);
        all.put("output_sqnr_db", o.outputSqnrDb());
        double quantizerPj = Double.NaN;
        double quantizerArea = Double.NaN;
        if (f instanceof Fp16Format) {
            quantizerPj = 0;
            quantizerArea = 0;
        } else if (CycleQuantizer.has(f)) {
            int rows = spec.tokens() > 0 ? Math.min(spec.tokens(), activations.rows()) : activations.rows();
            CostReport q = DatapathJob.quantizer(f, p.lanes(), weights.rows(), activations, rows, rows, TechLibrary.named(p.tech()),
                    Clock.parse(p.clock()));
            quantizerPj = q.energyPj(CostReport.ALL);
            quantizerArea = q.areaUm2(CostReport.ALL);
        }
        all.put(SweepMetrics.QUANTIZER_ENERGY, quantizerPj / o.stats().macs());
        all.put(SweepMetrics.WITH_QUANTIZER, r.pjPerMac(CostReport.DATAPATH) + quantizerPj / o.stats().macs());
        all.put(SweepMetrics.QUANTIZER_AREA, quantizerArea);
        all.put(SweepMetrics.OVERFLOWS, (double) o.stats().accumulatorOverflows());
        putCosine(all, p, f);
        return kept(p, all, SweepMetrics.energyByGroup(r, quantizerPj), SweepMetrics.areaByGroup(r, quantizerArea));
    }

    private void putCosine(Map<String, Double> all, SweepSpec.Point p, BlockFormat f) {
        if (spec.metrics().contains(SweepMetrics.COSINE)) {
            all.put(SweepMetrics.COSINE, cosines.computeIfAbsent(p.format() + " " + p.acc(),
                    k -> accuracy().embeddingCosine(f, AccumulatorSpec.parse(p.acc())).mean()));
        }
    }

    /** The metrics the spec keeps, in the order of {@link SweepMetrics#SCALARS}, and the breakdowns if it keeps them. */
    private PointResult kept(SweepSpec.Point p, Map<String, Double> all, Map<String, Double> energy, Map<String, Double> area) {
        Map<String, Double> kept = new LinkedHashMap<>();
        for (String m : SweepMetrics.SCALARS) {
            if (spec.metrics().contains(m)) {
                kept.put(m, all.getOrDefault(m, Double.NaN));
            }
        }
        return new PointResult(p, kept, spec.metrics().contains(SweepMetrics.ENERGY_BREAKDOWN) ? energy : Map.of(),
                spec.metrics().contains(SweepMetrics.AREA_BREAKDOWN) ? area : Map.of());
    }

    /** A point of the accelerator design: the whole GEMM through the format's accelerator netlist, checked bit for bit. */
    private PointResult evaluateAccelerator(SweepSpec.Point p, BlockFormat f) {
        AcceleratorJob.Outcome o = AcceleratorJob.run(home.resolve(p.netlist()), params(p), f, AccumulatorSpec.parse(p.acc()), activations,
                spec.tokens(), weights, true, TechLibrary.named(p.tech()), Clock.parse(p.clock()));
        CostReport r = o.cost();
        CycleAccelerator.Stats s = o.stats();
        double macs = s.macs();
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("bits_per_element", f.bitsPerElement());
        all.put("cycles", (double) s.cycles());
        all.put("utilisation", s.utilisation());
        all.put("stall_cycles", (double) s.stallCycles());
        all.put(SweepMetrics.QUANTIZER_STALLS, (double) s.quantizerStallCycles());
        all.put(SweepMetrics.DRAM_STALLS, (double) s.dramStallCycles());
        all.put(SweepMetrics.WEIGHT_STALLS, (double) s.weightStallCycles());
        all.put(SweepMetrics.BACKPRESSURE, (double) s.backpressureCycles());
        all.put("macs", macs);
        all.put("energy_pj_per_mac", o.arrayPj() / macs);
        all.put(SweepMetrics.SAMPLE_CI, Double.NaN);
        all.put(SweepMetrics.QUANTIZER_ENERGY, o.quantizerPj() / macs);
        all.put(SweepMetrics.WITH_QUANTIZER, r.pjPerMac(CostReport.DATAPATH));
        all.put("energy_pj_per_mac_with_buffers", r.pjPerMac(CostReport.DATAPATH.or(CostReport.BUFFERS)));
        all.put(SweepMetrics.WITH_DRAM, o.totalPj() / macs);
        all.put(SweepMetrics.PER_TOKEN, o.totalPj() / o.rows());
        all.put(SweepMetrics.DRAM_BYTES, (double) o.dram().bytes());
        all.put(SweepMetrics.TOPS_PER_W, o.topsPerWatt());
        all.put(SweepMetrics.TOPS_PER_MM2, o.topsPerMm2());
        all.put("power_uw", r.powerUw(CostReport.DATAPATH));
        all.put("area_um2", r.areaUm2(CostReport.DATAPATH));
        all.put("area_ge", r.areaGe(CostReport.DATAPATH));
        all.put(SweepMetrics.QUANTIZER_AREA, r.areaUm2(AcceleratorJob.QUANTIZER));
        all.put(SweepMetrics.BUFFER_AREA, r.areaUm2(CostReport.BUFFERS));
        all.put(SweepMetrics.MAX_CLOCK, o.timing().maxClockHz() / 1e6);
        all.put(SweepMetrics.CLOCK_ABOVE_MAX, o.timing().meets(r.clockHz()) ? 0.0 : 1.0);
        all.put("output_sqnr_db", o.outputSqnrDb());
        all.put(SweepMetrics.OVERFLOWS, (double) dev.bdsim.lib.BlockAccumulator.overflows(s.activity()));
        putCosine(all, p, f);
        return kept(p, all, SweepMetrics.energyByGroup(o), SweepMetrics.areaByGroup(o));
    }
}
