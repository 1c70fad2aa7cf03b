package dev.bdsim.report;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.sweep.Pareto;
import dev.bdsim.sweep.PointResult;
import dev.bdsim.sweep.SweepMetrics;
import dev.bdsim.sweep.SweepSpec;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The charts of a sweep, drawn with JFreeChart and written as PNG and SVG (JFreeSVG): energy per
 * MAC and area by format stacked by component group, all at one lane count; energy per MAC against
 * accuracy with the Pareto front (one colour per format, one marker per block size, hollow markers
 * for accumulators other than the first), with a second panel for the 4-bit formats; and, once
 * points stall, cycles and utilisation against lanes. Every format keeps its colour in every chart.
 */
public final class SweepCharts {
    public static final String PARETO = "Pareto front";
    /** Points at or below this many bits per element get the zoomed second panel of an accuracy chart. */
    static final double FOUR_BIT_CLUSTER = 5.0;
    private static final Map<String, Color> FORMAT_COLOURS = Map.ofEntries(
            Map.entry("dialectfp4", new Color(0xd62728)), Map.entry("dialectfp4-exh", new Color(0x8c1c13)),
            Map.entry("mxfp4", new Color(0x1f77b4)), Map.entry("nvfp4", new Color(0x2ca02c)),
            Map.entry("int4", new Color(0xff7f0e)), Map.entry("mxfp6-e2m3", new Color(0x9467bd)),
            Map.entry("mxfp6-e3m2", new Color(0xc5b0d5)), Map.entry("mxfp8-e4m3", new Color(0x17becf)),
            Map.entry("mxfp8-e5m2", new Color(0x9edae5)), Map.entry("mxint8", new Color(0xbcbd22)),
            Map.entry("int8", new Color(0x8c564b)), Map.entry("fp16", new Color(0x7f7f7f)),
            Map.entry("nf4", new Color(0xe377c2)), Map.entry("nf4-dq", new Color(0xf7b6d2)), Map.entry("bnb-fp4", new Color(0x7f3c8d)),
            Map.entry("hqq-int4", new Color(0x11a579)), Map.entry("minmax-int4", new Color(0x80ba5a)), Map.entry("hqq-int3", new Color(0x3969ac)),
            Map.entry("minmax-int3", new Color(0xa5aa99)), Map.entry("hqq-int2", new Color(0xe73f74)), Map.entry("minmax-int2", new Color(0xf2b701)),
            Map.entry("int8-channel", new Color(0x008695)), Map.entry("aq-2x8", new Color(0xcf1c90)));
    private static final Color[] GROUP_COLOURS = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f),
            new Color(0xe15759), new Color(0xb07aa1), new Color(0x9c755f), new Color(0x76b7b2), new Color(0xedc948), new Color(0xff9da7)};
    private static final Color BUFFER_COLOUR = new Color(0xbab0ac);
    /** Marker outlines, in order of block size: circle, square, triangle, diamond, inverted triangle. */
    private static final List<String> MARKER_GLYPHS = List.of("●", "■", "▲", "◆", "▼");
    private static final int MARKERS = MARKER_GLYPHS.size();

    static {
        // JFreeChart otherwise draws rotated labels (the bars' format names) as glyph outlines: SVG keeps them as text
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private SweepCharts() {}

    /** The colour of a format label such as {@code mxfp4@32}. */
    public static Color colour(String formatLabel) {
        return FORMAT_COLOURS.getOrDefault(formatId(formatLabel), Color.DARK_GRAY);
    }

    private static String formatId(String label) {
        return label.contains("@") ? label.substring(0, label.indexOf('@')) : label;
    }

    /** The block size in a format label ({@code mxfp4@32} → 32), 0 for a format without blocks. */
    static int block(String label) {
        return label.contains("@") ? Integer.parseInt(label.substring(label.indexOf('@') + 1)) : 0;
    }

    /** The charts the results allow, by file name (without extension). */
    public static Map<String, JFreeChart> charts(SweepSpec spec, List<PointResult> results, ChartStyle style) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        Bars bars = Bars.of(spec, results);
        boolean accelerator = spec.design().equals("accelerator");
        if (spec.metrics().contains(SweepMetrics.ENERGY_BREAKDOWN) && !bars.points().isEmpty()) {
            charts.put("energy_by_format", stacked(accelerator ? "Energy per MAC by format: the accelerator, buffers and DRAM included"
                    : "Energy per MAC by format: datapath and activation quantizer", bars, "energy per MAC (pJ)", PointResult::energyByGroup, style));
        }
        // the quantized formats only: FP16's logic, several times theirs, would flatten the quantizer's share out of sight
        Bars quantized = bars.only(r -> r.energyByGroup().getOrDefault(SweepMetrics.QUANTIZER_GROUP, 0.0) > 0);
        if (accelerator && spec.metrics().contains(SweepMetrics.ENERGY_BREAKDOWN) && !quantized.points().isEmpty()) {
            charts.put("energy_logic_by_format", stacked("Energy per MAC by format: the accelerator's logic, the online quantizer's share",
                    quantized, "energy per MAC (pJ)", r -> {
                        Map<String, Double> logic = new LinkedHashMap<>(r.energyByGroup());
                        logic.keySet().retainAll(SweepMetrics.BREAKDOWN_GROUPS);
                        return logic;
                    }, style));
        }
        if (spec.metrics().contains(SweepMetrics.AREA_BREAKDOWN) && !bars.points().isEmpty()) {
            charts.put("area_by_format", stacked(accelerator ? "Area by format: the accelerator, buffers included"
                    : "Area by format: datapath and activation quantizer", bars, "area (µm²)", PointResult::areaByGroup, style));
        }
        if (!accelerator && spec.metrics().contains("area_um2") && spec.metrics().contains(SweepMetrics.BUFFER_AREA) && !bars.points().isEmpty()) {
            charts.put("area_with_buffers", stacked("Area with the weight buffer", bars, "area (µm²)", r -> {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("datapath", r.metric("area_um2"));
                m.put("weight buffer", r.metric(SweepMetrics.BUFFER_AREA));
                return m;
            }, style));
        }
        boolean workload = !spec.workload().isEmpty();
        if (workload && spec.metrics().contains(SweepMetrics.ENERGY_BREAKDOWN) && !results.isEmpty() && !results.get(0).products().isEmpty()) {
            charts.put("energy_by_layer", byLayer(results.get(0), spec.tokens(), style));
        }
        String perMac = "energy_pj_per_mac";
        String perMacAxis = "datapath energy per MAC (pJ)";
        for (Quality q : List.of(new Quality("output_sqnr_db", "energy_vs_sqnr", "output SQNR of X·Wᵀ (dB)" + (workload ? ", the worst layer" : ""),
                        "Energy per MAC against accuracy", perMac, perMacAxis, 1),
                new Quality(SweepMetrics.COSINE, "energy_vs_cosine",
                        "embedding cosine to FP32, every linear layer quantized",
                        "Energy per MAC against end-to-end accuracy", perMac, perMacAxis, 1),
                new Quality(SweepMetrics.COSINE, "energy_per_token_vs_cosine", "embedding cosine to FP32, every linear layer quantized",
                        "Energy per token over the whole model against end-to-end accuracy", SweepMetrics.PER_TOKEN,
                        "energy per token, every layer: datapath, buffers, quantizer (µJ)", 1e-6))) {
            if (!spec.metrics().contains(q.energy()) || !spec.metrics().contains(q.metric())
                    || q.energy().equals(SweepMetrics.PER_TOKEN) && !workload) {
                continue;
            }
            List<PointResult> cluster = results.stream().filter(SweepCharts::fourBit).toList();
            boolean panel = !cluster.isEmpty() && cluster.size() < results.size();
            // with a panel of their own, the 4-bit points are labelled there, where their labels do not overlap
            List<Integer> blocks = results.stream().map(r -> block(r.point().format())).distinct().sorted().toList();
            charts.put(q.chart(), energyVs(results, q, q.title() + " (every sweep point)", panel ? r -> !fourBit(r) : r -> true, blocks, style));
            if (panel) {
                charts.put(q.chart() + "_4bit", energyVs(cluster, q, q.title() + " (4-bit formats, enlarged)", r -> true, blocks, style));
            }
        }
        if (accelerator && spec.metrics().contains(SweepMetrics.COSINE) && spec.metrics().contains(SweepMetrics.PER_TOKEN)) {
            JFreeChart panel = fullPathVsWeightOnly(bars, style);
            if (panel != null) {
                charts.put("full_path_vs_weight_only", panel);
            }
        }
        boolean stalls = results.stream().anyMatch(r -> r.metric("stall_cycles") > 0);
        if (stalls && spec.metrics().contains("cycles")) {
            charts.put("cycles_vs_lanes", versusLanes(spec, results, bars, "cycles", "Cycles against lanes", "cycles (log scale)", true, style));
        }
        if (stalls && spec.metrics().contains("utilisation")) {
            charts.put("utilisation_vs_lanes", versusLanes(spec, results, bars, "utilisation", "Multiplier utilisation against lanes",
                    "utilisation (useful MACs per multiplier and cycle)", false, style));
        }
        return charts;
    }

    private static boolean fourBit(PointResult r) {
        return r.metric("bits_per_element") <= FOUR_BIT_CLUSTER;
    }

    /** The classes of the full-path against weight-only panel, each with its marker. */
    enum Path4 {
        FULL_PATH("full-path 4-bit (weights and activations quantized)"), WEIGHT_ONLY("weight-only (FP16 activations)"), OTHER("other formats");

        final String legend;

        Path4(String legend) {
            this.legend = legend;
        }

        static Path4 of(PointResult r) {
            dev.bdsim.format.BlockFormat f = dev.bdsim.quant.Formats.parse(r.point().format(), dev.bdsim.quant.Formats.Options.defaults());
            if (f instanceof dev.bdsim.format.WeightOnlyFormat) {
                return WEIGHT_ONLY;
            }
            return f.blockSize() > 1 && f.elementBits() <= 4 ? FULL_PATH : OTHER;
        }
    }

    /**
     * Energy per token (the accelerator with its buffers and DRAM) against the embedding cosine, one point per format at the
     * bars' setting, its colour the format's and its marker its class: full-path 4-bit, weight-only, the others (FP16, 6- and
     * 8-bit) for reference; null unless both the first two are there.
     */
    private static JFreeChart fullPathVsWeightOnly(Bars bars, ChartStyle style) {
        List<PointResult> shown = bars.points().stream()
                .filter(r -> Double.isFinite(r.metric(SweepMetrics.COSINE)) && Double.isFinite(r.metric(SweepMetrics.PER_TOKEN))).toList();
        java.util.Set<Path4> classes = java.util.EnumSet.noneOf(Path4.class);
        shown.forEach(r -> classes.add(Path4.of(r)));
        if (!classes.contains(Path4.FULL_PATH) || !classes.contains(Path4.WEIGHT_ONLY)) {
            return null;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < shown.size(); i++) {
            PointResult r = shown.get(i);
            XYSeries one = new XYSeries(r.point().format(), false, true);
            one.add(r.metric(SweepMetrics.COSINE), r.metric(SweepMetrics.PER_TOKEN) * 1e-3);
            data.addSeries(one);
            renderer.setSeriesPaint(i, colour(r.point().format()));
            renderer.setSeriesShape(i, marker(Path4.of(r).ordinal(), style.marker * 1.3));
        }
        NumberAxis x = new NumberAxis("embedding cosine to FP32, every linear layer quantized");
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.06);
        x.setUpperMargin(0.06);
        NumberAxis y = new NumberAxis("energy per token: the accelerator with buffers and DRAM (nJ)");
        y.setAutoRangeIncludesZero(false);
        y.setLowerMargin(0.1);
        y.setUpperMargin(0.1);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        StringBuilder key = new StringBuilder();
        for (Path4 c : classes) {
            key.append(key.length() == 0 ? "" : "  ").append(MARKER_GLYPHS.get(c.ordinal())).append(' ').append(c.legend);
        }
        return style(chart("Full-path 4-bit against weight-only: energy per token and accuracy", plot, style,
                bars.subtitle() + "; marker: " + key), x, y, style);
    }

    /** A chart of energy ({@code energy}, its axis) against an accuracy metric, with the Pareto front. */
    private record Quality(String metric, String chart, String axis, String title, String energy, String energyAxis, double scale) {
        double energyOf(PointResult r) {
            return r.metric(energy) * scale;
        }
    }

    /** A workload point's energy per token, layer by layer (each product times its count), stacked by group. */
    private static JFreeChart byLayer(PointResult r, int tokens, ChartStyle style) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> stack = new ArrayList<>(r.products().get(0).energyPjByGroup().keySet());
        for (String g : stack) {
            for (PointResult.ProductResult p : r.products()) {
                double v = p.count() * p.energyPjByGroup().getOrDefault(g, 0.0) / tokens;
                data.addValue(Double.isFinite(v) ? v : 0.0, g, p.name());
            }
        }
        CategoryAxis x = new CategoryAxis("layer (product of the workload)");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        NumberAxis y = new NumberAxis("energy per token (pJ)");
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < stack.size(); i++) {
            int group = SweepMetrics.ACCELERATOR_GROUPS.indexOf(stack.get(i));
            renderer.setSeriesPaint(i, group >= 0 ? GROUP_COLOURS[group % GROUP_COLOURS.length] : BUFFER_COLOUR);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        SweepSpec.Point p = r.point();
        return style(chart("Energy per token by layer: datapath and activation quantizer", plot, style,
                p.format() + ", " + p.lanes() + " lanes, depth " + p.depth() + ", " + p.acc() + ", " + p.tech() + ", " + p.clock()
                        + " (the sweep's first point)"), x, y, style);
    }

    /**
     * The points of the bar charts: per format, its reference point (the grid's first depth,
     * technology and clock, the format's first accumulator) at one lane count: the widest every
     * format has, or, when none is common, the one most formats have. Formats without a point there
     * are named in the chart.
     */
    record Bars(int lanes, List<PointResult> points, List<String> leftOut, String reference) {
        /** The bars of the points {@code which} keeps. */
        Bars only(java.util.function.Predicate<PointResult> which) {
            return new Bars(lanes, points.stream().filter(which).toList(), leftOut, reference);
        }

        static Bars of(SweepSpec spec, List<PointResult> results) {
            Map<String, Map<Integer, PointResult>> byFormat = new LinkedHashMap<>();
            for (PointResult r : results) {
                if (spec.isReference(r.point())) {
                    byFormat.computeIfAbsent(r.point().format(), k -> new TreeMap<>()).put(r.point().lanes(), r);
                }
            }
            Map<Integer, Integer> formatsAt = new TreeMap<>();
            byFormat.values().forEach(m -> m.keySet().forEach(l -> formatsAt.merge(l, 1, Integer::sum)));
            int lanes = formatsAt.entrySet().stream()
                    .max(java.util.Comparator.<Map.Entry<Integer, Integer>>comparingInt(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey).orElse(0);
            List<PointResult> points = new ArrayList<>();
            List<String> leftOut = new ArrayList<>();
            byFormat.forEach((format, m) -> {
                if (m.containsKey(lanes)) {
                    points.add(m.get(lanes));
                } else {
                    leftOut.add(format);
                }
            });
            TreeSet<String> firstAccs = new TreeSet<>();
            spec.accumulators().values().forEach(list -> firstAccs.add(list.get(0)));
            String reference = "depth " + spec.depths().get(0) + ", "
                    + (firstAccs.size() == 1 ? firstAccs.first() : "each format's first accumulator") + ", " + spec.techs().get(0)
                    + ", " + spec.clocks().get(0);
            StringBuilder params = new StringBuilder();
            spec.params().forEach((k, v) -> params.append(", ").append(k).append(" = ").append(v.get(0)));
            return new Bars(lanes, points, leftOut, reference + params);
        }

        /** The setting every bar shares: lanes, depth, accumulator, technology and clock. */
        String settings() {
            return lanes + " lanes, " + reference;
        }

        String subtitle() {
            return settings() + (leftOut.isEmpty() ? "" : "; no point at " + lanes + " lanes: " + String.join(", ", leftOut));
        }
    }

    /** Every chart a sweep can draw. */
    static final List<String> NAMES = List.of("energy_by_format", "energy_logic_by_format", "area_by_format", "area_with_buffers",
            "energy_by_layer", "energy_vs_sqnr", "energy_vs_sqnr_4bit", "energy_vs_cosine", "energy_vs_cosine_4bit", "energy_per_token_vs_cosine",
            "energy_per_token_vs_cosine_4bit", "full_path_vs_weight_only", "cycles_vs_lanes", "utilisation_vs_lanes");

    /**
     * Writes every chart as NAME.png and NAME.svg into {@code dir} and removes the charts of an
     * earlier run that this one does not draw (so the directory shows what the report shows); returns the names.
     */
    public static List<String> write(Path dir, Map<String, JFreeChart> charts, ChartStyle style) throws IOException {
        AtomicFile.createDirectories(dir);
        for (String name : NAMES) {
            if (!charts.containsKey(name)) {
                java.nio.file.Files.deleteIfExists(dir.resolve(name + ".png"));
                java.nio.file.Files.deleteIfExists(dir.resolve(name + ".svg"));
            }
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            JFreeChart chart = e.getValue();
            AtomicFile.writeBytes(dir.resolve(e.getKey() + ".png"), out -> png(out, chart, style));
            AtomicFile.writeText(dir.resolve(e.getKey() + ".svg"), w -> w.write(svg(e.getKey(), chart, style)));
            names.add(e.getKey());
        }
        return names;
    }

    /** The chart as SVG with its text as text; {@code name} prefixes its clip-path ids, so they are the same on every run and distinct between charts of one page. */
    public static String svg(String name, JFreeChart chart, ChartStyle style) {
        SVGGraphics2D g = new SVGGraphics2D(style.width, style.height, style.svgUnits);
        g.setDefsKeyPrefix(name + "_");
        chart.draw(g, new Rectangle(0, 0, style.width, style.height));
        // the view box maps the drawing's units onto the stated size, so a paper's SVG is as wide in points as it was drawn
        return "<?xml version=\"1.0\"?>\n" + g.getSVGElement(null, true, new ViewBox(0, 0, style.width, style.height), null, null) + "\n";
    }

    /** The chart as PNG at the style's resolution, which the file records (pHYs), so a paper's layout places it at its size. */
    static void png(OutputStream out, JFreeChart chart, ChartStyle style) throws IOException {
        BufferedImage image = new BufferedImage(style.pngWidth(), style.pngHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.scale(style.scale(), style.scale());
        chart.draw(g, new Rectangle2D.Double(0, 0, style.width, style.height));
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            String format = "javax_imageio_png_1.0";
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Long.toString(Math.round(style.dpi / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode(format);
            root.appendChild(phys);
            meta.mergeTree(format, root);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static JFreeChart stacked(String title, Bars bars, String axis, Function<PointResult, Map<String, Double>> values,
                                      ChartStyle style) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> stack = new ArrayList<>(values.apply(bars.points().get(0)).keySet());
        for (String g : stack) {
            for (PointResult r : bars.points()) {
                double v = values.apply(r).getOrDefault(g, 0.0);
                data.addValue(Double.isFinite(v) ? v : 0.0, g, r.point().format());
            }
        }
        CategoryAxis x = new CategoryAxis("format");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis(axis);
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < stack.size(); i++) {
            int group = SweepMetrics.ACCELERATOR_GROUPS.indexOf(stack.get(i));
            renderer.setSeriesPaint(i, group >= 0 ? GROUP_COLOURS[group % GROUP_COLOURS.length] : i == 0 ? GROUP_COLOURS[0] : BUFFER_COLOUR);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        return style(chart(title, plot, style, bars.subtitle()), x, y, style);
    }

    /** One series per format label and accumulator; the Pareto front drawn and its points labelled. */
    private static JFreeChart energyVs(List<PointResult> results, Quality quality, String title,
                                       java.util.function.Predicate<PointResult> labelled, List<Integer> allBlocks, ChartStyle style) {
        List<PointResult> shown = results.stream()
                .filter(r -> Double.isFinite(r.metric(quality.metric())) && Double.isFinite(r.metric(quality.energy()))).toList();
        List<String> accs = shown.stream().map(r -> r.point().acc()).distinct().toList();
        List<Integer> blocks = allBlocks.stream().filter(b -> shown.stream().anyMatch(r -> block(r.point().format()) == b)).toList();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        Map<String, PointResult> firstOf = new LinkedHashMap<>();
        for (PointResult r : shown) {
            String key = r.point().format() + (accs.size() > 1 ? " " + r.point().acc() : "");
            series.computeIfAbsent(key, k -> new XYSeries(k, false, true)).add(r.metric(quality.metric()), quality.energyOf(r));
            firstOf.putIfAbsent(key, r);
        }
        List<PointResult> front = Pareto.front(shown, p -> p.metric(quality.energy()), p -> p.metric(quality.metric()));
        XYSeries frontLine = new XYSeries(PARETO, false, true);
        front.forEach(r -> frontLine.add(r.metric(quality.metric()), quality.energyOf(r)));
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        data.addSeries(frontLine);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setUseOutlinePaint(false);
        renderer.setDrawOutlines(true);
        int i = 0;
        for (Map.Entry<String, PointResult> e : firstOf.entrySet()) {
            SweepSpec.Point p = e.getValue().point();
            renderer.setSeriesPaint(i, colour(p.format()));
            renderer.setSeriesShape(i, marker(allBlocks.indexOf(block(p.format())), style.marker));
            renderer.setSeriesShapesFilled(i, p.acc().equals(accs.get(0)));
            renderer.setSeriesStroke(i, new BasicStroke((float) (style.marker / 3)));
            i++;
        }
        renderer.setSeriesLinesVisible(i, true);
        renderer.setSeriesShapesVisible(i, false);
        renderer.setSeriesPaint(i, Color.BLACK);
        float dash = (float) style.marker;
        renderer.setSeriesStroke(i, new BasicStroke(dash / 3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                new float[] {dash * 1.2f, dash * 0.8f}, 0f));

        NumberAxis x = new NumberAxis(quality.axis());
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.06);
        x.setUpperMargin(0.06);
        NumberAxis y = new NumberAxis(quality.energyAxis());
        y.setAutoRangeIncludesZero(false);
        y.setLowerMargin(0.08);
        y.setUpperMargin(0.12);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        double mid = shown.stream().mapToDouble(r -> r.metric(quality.metric())).summaryStatistics().getAverage();
        for (PointResult r : front.stream().filter(labelled).toList()) {
            double q = r.metric(quality.metric());
            XYTextAnnotation label = new XYTextAnnotation(" " + r.point().format() + " ×" + r.point().lanes() + " ", q, quality.energyOf(r));
            label.setFont(style.tick);
            label.setTextAnchor(q > mid ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
            label.setPaint(Color.DARK_GRAY);
            plot.addAnnotation(label);
        }
        return style(chart(title, plot, style, "marker: block size " + markerKey(blocks, allBlocks)
                + (accs.size() > 1 ? "; filled " + accs.get(0) + ", hollow " + String.join(", ", accs.subList(1, accs.size())) : "")
                + "; labelled: the Pareto front"), x, y, style);
    }

    /** The markers of the blocks shown; the marker of a block size is the same in every chart of the sweep. */
    private static String markerKey(List<Integer> shown, List<Integer> all) {
        List<String> parts = new ArrayList<>();
        for (int b : shown) {
            parts.add(MARKER_GLYPHS.get(all.indexOf(b) % MARKERS) + " " + (b == 0 ? "none" : b));
        }
        return String.join("  ", parts);
    }

    /** The marker of the i-th block size, radius r. */
    static Shape marker(int i, double r) {
        return switch (i % MARKERS) {
            case 0 -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(-r * 0.9, -r * 0.9, 1.8 * r, 1.8 * r);
            case 2 -> polygon(new double[] {0, r * 1.1, -r * 1.1}, new double[] {-r * 1.2, r * 0.8, r * 0.8});
            case 3 -> polygon(new double[] {0, r * 1.2, 0, -r * 1.2}, new double[] {-r * 1.2, 0, r * 1.2, 0});
            default -> polygon(new double[] {0, r * 1.1, -r * 1.1}, new double[] {r * 1.2, -r * 0.8, -r * 0.8});
        };
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    private static JFreeChart versusLanes(SweepSpec spec, List<PointResult> results, Bars bars, String metric, String title, String axis,
                                          boolean log, ChartStyle style) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> byFormat = new LinkedHashMap<>();
        for (PointResult r : results) {
            SweepSpec.Point p = r.point();
            if (spec.isReference(p) && Double.isFinite(r.metric(metric))) {
                byFormat.computeIfAbsent(p.format(), k -> new XYSeries(k, true, false)).add(p.lanes(), r.metric(metric));
            }
        }
        byFormat.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (String f : byFormat.keySet()) {
            renderer.setSeriesPaint(i, colour(f));
            renderer.setSeriesStroke(i, new BasicStroke((float) (style.marker / 2.5)));
            renderer.setSeriesShape(i, marker(0, style.marker));
            i++;
        }
        DecimalFormat plain = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        LogAxis x = new LogAxis("lanes (multipliers)");
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setNumberFormatOverride(plain);
        ValueAxis y;
        if (log) {
            LogAxis ly = new LogAxis(axis);
            ly.setSmallestValue(1);
            ly.setNumberFormatOverride(plain);
            y = ly;
        } else {
            NumberAxis ny = new NumberAxis(axis);
            ny.setRange(0, 1.05);
            y = ny;
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return style(chart(title, plot, style, bars.reference()), x, y, style);
    }

    /** The chart with its title (when the style has titles) and, below it, the line saying what it shows. */
    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, ChartStyle style, String subtitle) {
        JFreeChart chart = new JFreeChart(style.titled ? title : null, style.title, plot, true);
        TextTitle line = new TextTitle(subtitle, style.tick);
        line.setMaximumLinesToDisplay(2);
        chart.addSubtitle(line);
        return chart;
    }

    private static JFreeChart style(JFreeChart chart, org.jfree.chart.axis.Axis x, org.jfree.chart.axis.Axis y, ChartStyle style) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        for (org.jfree.chart.axis.Axis a : List.of(x, y)) {
            a.setLabelFont(style.label);
            a.setTickLabelFont(style.tick);
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setDomainGridlinePaint(Color.LIGHT_GRAY);
            p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot p) {
            p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        chart.getLegend().setItemFont(style.tick);
        return chart;
    }
}
