package dev.bdsim.report;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.sweep.Pareto;
import dev.bdsim.sweep.PointResult;
import dev.bdsim.sweep.SweepMetrics;
import dev.bdsim.sweep.SweepSpec;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of a sweep, drawn with JFreeChart and written as PNG and SVG (JFreeSVG): energy per
 * MAC and area by format stacked by component group, energy per MAC against output SQNR with the
 * Pareto front, and cycles and utilisation against lanes. Every format keeps its colour in every
 * chart.
 */
public final class SweepCharts {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    public static final String PARETO = "Pareto front";
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Map<String, Color> FORMAT_COLOURS = Map.ofEntries(
            Map.entry("dialectfp4", new Color(0xd62728)), Map.entry("dialectfp4-exh", new Color(0x8c1c13)),
            Map.entry("mxfp4", new Color(0x1f77b4)), Map.entry("nvfp4", new Color(0x2ca02c)),
            Map.entry("int4", new Color(0xff7f0e)), Map.entry("mxfp6-e2m3", new Color(0x9467bd)),
            Map.entry("mxfp6-e3m2", new Color(0xc5b0d5)), Map.entry("mxfp8-e4m3", new Color(0x17becf)),
            Map.entry("mxfp8-e5m2", new Color(0x9edae5)), Map.entry("mxint8", new Color(0xbcbd22)),
            Map.entry("int8", new Color(0x8c564b)), Map.entry("fp16", new Color(0x7f7f7f)));
    private static final Color[] GROUP_COLOURS = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f),
            new Color(0xe15759), new Color(0xb07aa1), new Color(0x9c755f)};

    private SweepCharts() {}

    /** The colour of a format label such as {@code mxfp4@32}. */
    public static Color colour(String formatLabel) {
        String id = formatLabel.contains("@") ? formatLabel.substring(0, formatLabel.indexOf('@')) : formatLabel;
        return FORMAT_COLOURS.getOrDefault(id, Color.DARK_GRAY);
    }

    /** The charts the results allow, by file name (without extension). */
    public static Map<String, JFreeChart> charts(SweepSpec spec, List<PointResult> results) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        List<PointResult> reference = reference(spec, results);
        if (spec.metrics().contains(SweepMetrics.ENERGY_BREAKDOWN)) {
            charts.put("energy_by_format", stacked("Datapath energy per MAC by format (widest lanes, " + settings(spec) + ")",
                    "energy per MAC (pJ)", reference, PointResult::energyByGroup));
        }
        if (spec.metrics().contains(SweepMetrics.AREA_BREAKDOWN)) {
            charts.put("area_by_format", stacked("Datapath area by format (widest lanes, " + settings(spec) + ")",
                    "area (µm²)", reference, PointResult::areaByGroup));
        }
        if (spec.metrics().contains("energy_pj_per_mac") && spec.metrics().contains("output_sqnr_db")) {
            charts.put("energy_vs_sqnr", energyVs(results, "output_sqnr_db", "output SQNR of X·Wᵀ (dB), higher is better",
                    "Energy per MAC against accuracy (every sweep point)"));
        }
        if (spec.metrics().contains("energy_pj_per_mac") && spec.metrics().contains(SweepMetrics.COSINE)) {
            charts.put("energy_vs_cosine", energyVs(results, SweepMetrics.COSINE,
                    "sentence-embedding cosine against FP32 (all linear layers quantized), higher is better",
                    "Energy per MAC against end-to-end accuracy (every sweep point)"));
        }
        if (spec.metrics().contains("cycles")) {
            charts.put("cycles_vs_lanes", versusLanes(spec, results, "cycles", "Cycles against lanes", "cycles (log scale)", true));
        }
        if (spec.metrics().contains("utilisation")) {
            charts.put("utilisation_vs_lanes", versusLanes(spec, results, "utilisation", "Multiplier utilisation against lanes",
                    "utilisation (useful MACs per multiplier and cycle)", false));
        }
        return charts;
    }

    /** Writes every chart as NAME.png and NAME.svg into {@code dir}; returns the names. */
    public static List<String> write(Path dir, Map<String, JFreeChart> charts) throws IOException {
        AtomicFile.createDirectories(dir);
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            JFreeChart chart = e.getValue();
            AtomicFile.writeBytes(dir.resolve(e.getKey() + ".png"), out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
            AtomicFile.writeText(dir.resolve(e.getKey() + ".svg"), w -> w.write(svg(e.getKey(), chart)));
            names.add(e.getKey());
        }
        return names;
    }

    /** The chart as SVG; {@code name} prefixes its clip-path ids, so they are the same on every run and distinct between charts of one page. */
    public static String svg(String name, JFreeChart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(name + "_");
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument();
    }

    static String settings(SweepSpec spec) {
        java.util.Set<String> firstAccs = new java.util.TreeSet<>();
        spec.accumulators().values().forEach(list -> firstAccs.add(list.get(0)));
        return "depth " + spec.depths().get(0) + ", " + (firstAccs.size() == 1 ? firstAccs.iterator().next() : "each format's first accumulator")
                + ", " + spec.techs().get(0) + ", " + spec.clocks().get(0);
    }

    /** Per format, the point at the first depth/accumulator/technology/clock of the grid with the most lanes. */
    static List<PointResult> reference(SweepSpec spec, List<PointResult> results) {
        Map<String, PointResult> best = new LinkedHashMap<>();
        for (PointResult r : results) {
            SweepSpec.Point p = r.point();
            if (spec.isReference(p)) {
                best.merge(p.format(), r, (a, b) -> b.point().lanes() > a.point().lanes() ? b : a);
            }
        }
        return new ArrayList<>(best.values());
    }

    private static JFreeChart stacked(String title, String axis, List<PointResult> points,
                                      java.util.function.Function<PointResult, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String g : SweepMetrics.GROUPS) {
            for (PointResult r : points) {
                data.addValue(values.apply(r).getOrDefault(g, 0.0), g, r.point().format() + " ×" + r.point().lanes());
            }
        }
        CategoryAxis x = new CategoryAxis("format × lanes");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis(axis);
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < SweepMetrics.GROUPS.size(); i++) {
            renderer.setSeriesPaint(i, GROUP_COLOURS[i % GROUP_COLOURS.length]);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        return style(new JFreeChart(title, TITLE, plot, true), plot.getDomainAxis(), plot.getRangeAxis());
    }

    private static JFreeChart energyVs(List<PointResult> results, String quality, String axis, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> byFormat = new LinkedHashMap<>();
        for (PointResult r : results) {
            double q = r.metric(quality);
            double e = r.metric("energy_pj_per_mac");
            if (Double.isFinite(q) && Double.isFinite(e)) {
                byFormat.computeIfAbsent(r.point().format(), k -> new XYSeries(k, false, true)).add(q, e);
            }
        }
        XYSeries front = new XYSeries(PARETO, false, true);
        for (PointResult r : Pareto.front(results, p -> p.metric("energy_pj_per_mac"), p -> p.metric(quality))) {
            if (Double.isFinite(r.metric(quality))) {
                front.add(r.metric(quality), r.metric("energy_pj_per_mac"));
            }
        }
        byFormat.values().forEach(data::addSeries);
        data.addSeries(front);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        int i = 0;
        for (String f : byFormat.keySet()) {
            renderer.setSeriesPaint(i, colour(f));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
            i++;
        }
        renderer.setSeriesLinesVisible(i, true);
        renderer.setSeriesShapesVisible(i, false);
        renderer.setSeriesPaint(i, Color.BLACK);
        renderer.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
        NumberAxis x = new NumberAxis(axis);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("datapath energy per MAC (pJ), lower is better");
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return style(new JFreeChart(title, TITLE, plot, true), x, y);
    }

    private static JFreeChart versusLanes(SweepSpec spec, List<PointResult> results, String metric, String title, String axis,
                                          boolean log) {
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
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            i++;
        }
        LogAxis x = new LogAxis("lanes (multipliers)");
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        org.jfree.chart.axis.ValueAxis y;
        if (log) {
            LogAxis ly = new LogAxis(axis);
            ly.setSmallestValue(1);
            y = ly;
        } else {
            NumberAxis ny = new NumberAxis(axis);
            ny.setRange(0, 1.05);
            y = ny;
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return style(new JFreeChart(title + " (" + settings(spec) + ")", TITLE, plot, true), x, y);
    }

    private static JFreeChart style(JFreeChart chart, org.jfree.chart.axis.Axis x, org.jfree.chart.axis.Axis y) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        for (org.jfree.chart.axis.Axis a : List.of(x, y)) {
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setDomainGridlinePaint(Color.LIGHT_GRAY);
            p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot p) {
            p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        chart.getLegend().setItemFont(TICK);
        return chart;
    }
}
