package dev.bdsim.sweep;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.Clock;
import dev.bdsim.cost.CostReport;
import dev.bdsim.gemm.CycleAccelerator;
import dev.bdsim.gemm.CycleGemm;
import dev.bdsim.gemm.CycleQuantizer;
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

/**
 * Runs one sweep point: the GEMM of the spec's traces (or of every product of its workload) through
 * the point's datapath, checked bit for bit, and its costs.
 */
final class PointEvaluator {
    /** One product a point runs: its activation rows and weights, and how many times a token goes through it. */
    record Product(String name, int count, RowSource activations, Fp16Matrix weights) {}

    private final SweepSpec spec;
    private final Path home;
    private final List<Product> products;
    private final RowSource activations;
    private final Fp16Matrix weights;
    private final Map<String, Double> cosines = new java.util.concurrent.ConcurrentHashMap<>();
    private ModelAccuracy accuracy;

    PointEvaluator(SweepSpec spec, Path home, List<Product> products) {
        this.spec = spec;
        this.home = home;
        this.products = products;
        this.activations = products.get(0).activations();
        this.weights = products.get(0).weights();
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
        if (accelerator() && !spec.workload().isEmpty()) {
            return evaluateAcceleratorWorkload(p, f);
        }
        if (accelerator()) {
            return evaluateAccelerator(p, f);
        }
        if (!spec.workload().isEmpty()) {
            return evaluateWorkload(p, f);
        }
        DatapathJob.Outcome o = datapath(p, f, activations, weights);
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
        CostReport q = quantizer(p, f, activations, weights);
        double quantizerPj = q != null ? q.energyPj(CostReport.ALL) : f.quantizesActivations() ? Double.NaN : 0;
        double quantizerArea = q != null ? q.areaUm2(CostReport.ALL) : f.quantizesActivations() ? Double.NaN : 0;
        all.put(SweepMetrics.QUANTIZER_ENERGY, quantizerPj / o.stats().macs());
        all.put(SweepMetrics.WITH_QUANTIZER, r.pjPerMac(CostReport.DATAPATH) + quantizerPj / o.stats().macs());
        all.put(SweepMetrics.QUANTIZER_AREA, quantizerArea);
        all.put(SweepMetrics.OVERFLOWS, (double) o.stats().accumulatorOverflows());
        putCosine(all, p, f);
        return kept(p, all, SweepMetrics.energyByGroup(r, quantizerPj), SweepMetrics.areaByGroup(r, quantizerArea));
    }

    private DatapathJob.Outcome datapath(SweepSpec.Point p, BlockFormat f, RowSource x, Fp16Matrix w) {
        return spec.sample() > 0
                ? DatapathJob.runSampled(home.resolve(p.netlist()), params(p), f, AccumulatorSpec.parse(p.acc()), x, spec.tokens(), w, true,
                        TechLibrary.named(p.tech()), Clock.parse(p.clock()), spec.sample(), spec.sampleRows(), 1L)
                : DatapathJob.run(home.resolve(p.netlist()), params(p), f, AccumulatorSpec.parse(p.acc()), x, spec.tokens(), spec.tokens(), w,
                        true, TechLibrary.named(p.tech()), Clock.parse(p.clock()));
    }

    /** The online quantizer's cost on a product's activation rows (null: the format has no quantizer hardware; FP16 needs none). */
    private CostReport quantizer(SweepSpec.Point p, BlockFormat f, RowSource x, Fp16Matrix w) {
        if (!f.quantizesActivations() || !CycleQuantizer.has(f)) {
            return null;
        }
        int rows = spec.tokens() > 0 ? Math.min(spec.tokens(), x.rows()) : x.rows();
        return DatapathJob.quantizer(f, p.lanes(), w.rows(), x, rows, rows, TechLibrary.named(p.tech()), Clock.parse(p.clock()));
    }

    /**
     * A workload point: every product through the point's datapath, each checked bit for bit; energies and
     * cycles summed with each product's count per token, the area and clock those of the largest
     * and slowest, the output SQNR the worst product's.
     */
    private PointResult evaluateWorkload(SweepSpec.Point p, BlockFormat f) {
        long cycles = 0;
        long macs = 0;
        long stalls = 0;
        long overflows = 0;
        double datapathPj = 0;
        double allPj = 0;
        double quantizerPj = !f.quantizesActivations() || CycleQuantizer.has(f) ? 0 : Double.NaN;
        double variance = 0;
        double area = 0;
        double areaGe = 0;
        double bufferArea = 0;
        double quantizerArea = f.quantizesActivations() ? Double.NaN : 0;
        double maxClock = Double.POSITIVE_INFINITY;
        double clockHz = 0;
        boolean above = false;
        double sqnr = Double.POSITIVE_INFINITY;
        Map<String, Double> energy = new LinkedHashMap<>();
        Map<String, Double> areaByGroup = new LinkedHashMap<>();
        List<PointResult.ProductResult> runs = new java.util.ArrayList<>();
        for (Product product : products) {
            DatapathJob.Outcome o = datapath(p, f, product.activations(), product.weights());
            CostReport r = o.cost();
            CostReport q = quantizer(p, f, product.activations(), product.weights());
            int n = product.count();
            double qPj = q == null ? (f.quantizesActivations() ? Double.NaN : 0) : q.energyPj(CostReport.ALL);
            cycles += n * o.stats().cycles();
            macs += n * o.stats().macs();
            stalls += n * o.stats().stallCycles();
            overflows += n * o.stats().accumulatorOverflows();
            datapathPj += n * r.energyPj(CostReport.DATAPATH);
            allPj += n * r.energyPj(CostReport.ALL);
            quantizerPj += n * (Double.isNaN(qPj) ? 0 : qPj);
            if (o.sampling() != null) {
                double hw = n * o.sampling().datapathPj().halfWidth();
                variance += hw * hw;
            }
            area = Math.max(area, r.areaUm2(CostReport.DATAPATH));
            areaGe = Math.max(areaGe, r.areaGe(CostReport.DATAPATH));
            bufferArea = Math.max(bufferArea, r.areaUm2(CostReport.BUFFERS));
            if (q != null) {
                quantizerArea = Double.isNaN(quantizerArea) ? q.areaUm2(CostReport.ALL) : Math.max(quantizerArea, q.areaUm2(CostReport.ALL));
            }
            maxClock = Math.min(maxClock, o.timing().maxClockHz());
            clockHz = r.clockHz();
            above |= !o.timing().meets(r.clockHz());
            sqnr = Math.min(sqnr, o.outputSqnrDb());
            Map<String, Double> groups = new LinkedHashMap<>();
            SweepMetrics.energyByGroup(r, qPj).forEach((g, perMac) -> groups.put(g, perMac * r.macs()));
            groups.forEach((g, pj) -> energy.merge(g, n * pj, Double::sum));
            SweepMetrics.areaByGroup(r, q == null ? quantizerArea : q.areaUm2(CostReport.ALL)).forEach((g, um2) -> areaByGroup.merge(g, um2, Math::max));
            runs.add(new PointResult.ProductResult(product.name(), n, o.stats().cycles(), o.stats().macs(), r.energyPj(CostReport.DATAPATH),
                    r.energyPj(CostReport.ALL) + (Double.isNaN(qPj) ? 0 : qPj), o.outputSqnrDb(), groups));
        }
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("bits_per_element", f.bitsPerElement());
        all.put("cycles", (double) cycles);
        all.put("utilisation", (double) macs / ((double) cycles * p.lanes()));
        all.put("stall_cycles", (double) stalls);
        all.put("macs", (double) macs);
        all.put("energy_pj_per_mac", datapathPj / macs);
        all.put(SweepMetrics.SAMPLE_CI, spec.sample() > 0 ? 100 * Math.sqrt(variance) / datapathPj : Double.NaN);
        all.put("energy_pj_per_mac_with_buffers", allPj / macs);
        all.put(SweepMetrics.PER_TOKEN, (allPj + (Double.isNaN(quantizerPj) ? 0 : quantizerPj)) / Math.min(spec.tokens(), activations.rows()));
        all.put("power_uw", datapathPj * 1e-12 / (cycles / clockHz) * 1e6);
        all.put("area_um2", area);
        all.put("area_ge", areaGe);
        all.put(SweepMetrics.BUFFER_AREA, bufferArea);
        all.put(SweepMetrics.MAX_CLOCK, maxClock / 1e6);
        all.put(SweepMetrics.CLOCK_ABOVE_MAX, above ? 1.0 : 0.0);
        all.put("output_sqnr_db", sqnr);
        all.put(SweepMetrics.QUANTIZER_ENERGY, quantizerPj / macs);
        all.put(SweepMetrics.WITH_QUANTIZER, (datapathPj + quantizerPj) / macs);
        all.put(SweepMetrics.QUANTIZER_AREA, quantizerArea);
        all.put(SweepMetrics.OVERFLOWS, (double) overflows);
        putCosine(all, p, f);
        return kept(p, all, energy, macs, areaByGroup, runs);
    }

    /** A workload on the accelerator: every product through it, summed as {@link #evaluateWorkload} does, DRAM traffic included. */
    private PointResult evaluateAcceleratorWorkload(SweepSpec.Point p, BlockFormat f) {
        long cycles = 0;
        long macs = 0;
        long stalls = 0;
        long quantizerStalls = 0;
        long dramStalls = 0;
        long weightStalls = 0;
        long backpressure = 0;
        long overflows = 0;
        long dramBytes = 0;
        double arrayPj = 0;
        double quantizerPj = 0;
        double onChipPj = 0;
        double totalPj = 0;
        double seconds = 0;
        double area = 0;
        double areaGe = 0;
        double chipArea = 0;
        double quantizerArea = 0;
        double bufferArea = 0;
        double maxClock = Double.POSITIVE_INFINITY;
        boolean above = false;
        double sqnr = Double.POSITIVE_INFINITY;
        Map<String, Double> energy = new LinkedHashMap<>();
        Map<String, Double> areaByGroup = new LinkedHashMap<>();
        List<PointResult.ProductResult> runs = new java.util.ArrayList<>();
        for (Product product : products) {
            AcceleratorJob.Outcome o = AcceleratorJob.run(home.resolve(p.netlist()), params(p), f, AccumulatorSpec.parse(p.acc()),
                    product.activations(), spec.tokens(), product.weights(), true, TechLibrary.named(p.tech()), Clock.parse(p.clock()));
            CostReport r = o.cost();
            CycleAccelerator.Stats st = o.stats();
            int n = product.count();
            cycles += n * st.cycles();
            macs += n * st.macs();
            stalls += n * st.stallCycles();
            quantizerStalls += n * st.quantizerStallCycles();
            dramStalls += n * st.dramStallCycles();
            weightStalls += n * st.weightStallCycles();
            backpressure += n * st.backpressureCycles();
            overflows += n * dev.bdsim.lib.BlockAccumulator.overflows(st.activity());
            dramBytes += n * o.dram().bytes();
            arrayPj += n * o.arrayPj();
            quantizerPj += n * o.quantizerPj();
            onChipPj += n * r.energyPj(CostReport.DATAPATH.or(CostReport.BUFFERS));
            totalPj += n * o.totalPj();
            seconds += n * r.seconds();
            area = Math.max(area, r.areaUm2(CostReport.DATAPATH));
            areaGe = Math.max(areaGe, r.areaGe(CostReport.DATAPATH));
            chipArea = Math.max(chipArea, r.areaUm2(c -> true));
            quantizerArea = Math.max(quantizerArea, r.areaUm2(AcceleratorJob.QUANTIZER));
            bufferArea = Math.max(bufferArea, r.areaUm2(CostReport.BUFFERS));
            maxClock = Math.min(maxClock, o.timing().maxClockHz());
            above |= !o.timing().meets(r.clockHz());
            sqnr = Math.min(sqnr, o.outputSqnrDb());
            Map<String, Double> groups = new LinkedHashMap<>();
            SweepMetrics.energyByGroup(o).forEach((g, perMac) -> groups.put(g, perMac * st.macs()));
            groups.forEach((g, pj) -> energy.merge(g, n * pj, Double::sum));
            SweepMetrics.areaByGroup(o).forEach((g, um2) -> areaByGroup.merge(g, um2, Math::max));
            runs.add(new PointResult.ProductResult(product.name(), n, st.cycles(), st.macs(), o.arrayPj(), o.totalPj(), o.outputSqnrDb(), groups));
        }
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("bits_per_element", f.bitsPerElement());
        all.put("cycles", (double) cycles);
        all.put("utilisation", (double) macs / ((double) cycles * p.lanes()));
        all.put("stall_cycles", (double) stalls);
        all.put(SweepMetrics.QUANTIZER_STALLS, (double) quantizerStalls);
        all.put(SweepMetrics.DRAM_STALLS, (double) dramStalls);
        all.put(SweepMetrics.WEIGHT_STALLS, (double) weightStalls);
        all.put(SweepMetrics.BACKPRESSURE, (double) backpressure);
        all.put("macs", (double) macs);
        all.put("energy_pj_per_mac", arrayPj / macs);
        all.put(SweepMetrics.SAMPLE_CI, Double.NaN);
        all.put(SweepMetrics.QUANTIZER_ENERGY, quantizerPj / macs);
        all.put(SweepMetrics.WITH_QUANTIZER, (arrayPj + quantizerPj) / macs);
        all.put("energy_pj_per_mac_with_buffers", onChipPj / macs);
        all.put(SweepMetrics.WITH_DRAM, totalPj / macs);
        all.put(SweepMetrics.PER_TOKEN, totalPj / Math.min(spec.tokens(), activations.rows()));
        all.put(SweepMetrics.DRAM_BYTES, (double) dramBytes);
        all.put(SweepMetrics.TOPS_PER_W, 2.0 * macs / totalPj);
        all.put(SweepMetrics.TOPS_PER_MM2, 2.0 * macs / seconds / 1e12 / (chipArea / 1e6));
        all.put("power_uw", (arrayPj + quantizerPj) * 1e-12 / seconds * 1e6);
        all.put("area_um2", area);
        all.put("area_ge", areaGe);
        all.put(SweepMetrics.QUANTIZER_AREA, quantizerArea);
        all.put(SweepMetrics.BUFFER_AREA, bufferArea);
        all.put(SweepMetrics.MAX_CLOCK, maxClock / 1e6);
        all.put(SweepMetrics.CLOCK_ABOVE_MAX, above ? 1.0 : 0.0);
        all.put("output_sqnr_db", sqnr);
        all.put(SweepMetrics.OVERFLOWS, (double) overflows);
        putCosine(all, p, f);
        return kept(p, all, energy, macs, areaByGroup, runs);
    }

    private void putCosine(Map<String, Double> all, SweepSpec.Point p, BlockFormat f) {
        if (spec.metrics().contains(SweepMetrics.COSINE)) {
            all.put(SweepMetrics.COSINE, cosines.computeIfAbsent(p.format() + " " + p.acc(),
                    k -> accuracy().embeddingCosine(f, AccumulatorSpec.parse(p.acc())).mean()));
        }
    }

    /** A workload point's kept metrics, its energy by group (pJ, over all products) per MAC, and its products. */
    private PointResult kept(SweepSpec.Point p, Map<String, Double> all, Map<String, Double> energyPj, long macs, Map<String, Double> area,
                             List<PointResult.ProductResult> runs) {
        Map<String, Double> perMac = new LinkedHashMap<>();
        energyPj.forEach((g, pj) -> perMac.put(g, pj / macs));
        PointResult kept = kept(p, all, perMac, area);
        return new PointResult(p, kept.metrics(), kept.energyByGroup(), kept.areaByGroup(), List.copyOf(runs));
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
