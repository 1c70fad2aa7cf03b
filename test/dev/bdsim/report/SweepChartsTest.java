package dev.bdsim.report;

import dev.bdsim.sweep.PointResult;
import dev.bdsim.sweep.SweepMetrics;
import dev.bdsim.sweep.SweepRunner;
import dev.bdsim.sweep.SweepSpec;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepChartsTest {
    /** The panel of full-path 4-bit against weight-only formats: one point per format, energy per token against cosine. */
    @Test
    void theFullPathAgainstWeightOnlyPanelPlacesEveryFormatInItsClass(@TempDir Path dir) throws Exception {
        Path specFile = dir.resolve("spec.yaml");
        Files.writeString(specFile, """
                name: panel
                design: accelerator
                traces:
                  activations: traces/layer0.attn_in.npy
                  tokens: 2
                  weights: traces/layer1.ffn_in.npy
                  weight_rows: 8
                grid:
                  format: [mxfp4, nf4, hqq-int4, fp16]
                  lanes: [8]
                  params:
                    ROWS: [4]
                metrics: [bits_per_element, energy_pj_per_token, embedding_cosine, energy_breakdown]
                """);
        SweepSpec spec = SweepSpec.load(specFile);
        List<PointResult> results = SweepRunner.run(spec, Path.of(""), dir.resolve("out"), 2, (d, t, s) -> { }, 0).results();
        JFreeChart panel = SweepCharts.charts(spec, results, ChartStyle.SCREEN).get("full_path_vs_weight_only");
        assertNotNull(panel);
        XYSeriesCollection data = (XYSeriesCollection) panel.getXYPlot().getDataset();
        assertEquals(List.of("mxfp4@32", "nf4@64", "hqq-int4@64", "fp16"), seriesKeys(data), "one point per format");
        assertEquals(List.of(SweepCharts.Path4.FULL_PATH, SweepCharts.Path4.WEIGHT_ONLY, SweepCharts.Path4.WEIGHT_ONLY, SweepCharts.Path4.OTHER),
                results.stream().map(SweepCharts.Path4::of).toList());
        PointResult nf4 = results.get(1);
        assertEquals(nf4.metric(SweepMetrics.COSINE), data.getSeries(1).getX(0).doubleValue());
        assertEquals(nf4.metric(SweepMetrics.PER_TOKEN) * 1e-3, data.getSeries(1).getY(0).doubleValue());
        assertEquals(SweepCharts.colour("nf4@64"), panel.getXYPlot().getRenderer().getSeriesPaint(1));
        assertTrue(subtitle(panel).endsWith("marker: ● full-path 4-bit (weights and activations quantized)  ■ weight-only (FP16 activations)  ▲ other formats"),
                subtitle(panel));
        List<PointResult> noWeightOnly = results.stream().filter(r -> !r.point().format().startsWith("nf4") && !r.point().format().startsWith("hqq")).toList();
        assertTrue(!SweepCharts.charts(spec, noWeightOnly, ChartStyle.SCREEN).containsKey("full_path_vs_weight_only"),
                "no panel without weight-only formats");
    }

    @Test
    void chartsHaveTheirSeriesAndDecodeAsPngAndSvgAndTheReportHoldsThem(@TempDir Path dir) throws Exception {
        Path specFile = dir.resolve("spec.yaml");
        Files.writeString(specFile, """
                name: charts
                traces:
                  activations: traces/layer0.attn_in.npy
                  tokens: 2
                  weights: traces/layer1.ffn_in.npy
                  weight_rows: 4
                grid:
                  format: [dialectfp4, mxfp4, int8]
                  lanes: [8, 16, 32]
                """);
        SweepSpec spec = SweepSpec.load(specFile);
        List<PointResult> results = SweepRunner.run(spec, Path.of(""), dir.resolve("out"), 2, (d, t, s) -> { }, 0).results();
        Map<String, JFreeChart> charts = SweepCharts.charts(spec, results, ChartStyle.SCREEN);
        assertEquals(List.of("energy_by_format", "area_by_format", "area_with_buffers", "energy_vs_sqnr", "energy_vs_sqnr_4bit"),
                new ArrayList<>(charts.keySet()), "no cycles or utilisation charts while nothing stalls");

        CategoryPlot energy = charts.get("energy_by_format").getCategoryPlot();
        assertEquals(SweepMetrics.BREAKDOWN_GROUPS, energy.getDataset().getRowKeys());
        assertEquals(List.of("dialectfp4@32", "mxfp4@32", "int8@32"), energy.getDataset().getColumnKeys());
        assertEquals("32 lanes, depth 1, fp32, 45nm, 500MHz", subtitle(charts.get("energy_by_format")));
        assertEquals(List.of("datapath", "weight buffer"), charts.get("area_with_buffers").getCategoryPlot().getDataset().getRowKeys());
        XYSeriesCollection detail = (XYSeriesCollection) charts.get("energy_vs_sqnr_4bit").getXYPlot().getDataset();
        assertEquals(List.of("dialectfp4@32", "mxfp4@32", SweepCharts.PARETO), seriesKeys(detail), "the 4-bit panel leaves INT8 out");

        assertTrue(SweepCharts.NAMES.containsAll(charts.keySet()));
        XYPlot scatterPlot = charts.get("energy_vs_sqnr").getXYPlot();
        XYSeriesCollection scatter = (XYSeriesCollection) scatterPlot.getDataset();
        assertEquals(List.of("dialectfp4@32", "mxfp4@32", "int8@32", SweepCharts.PARETO), seriesKeys(scatter));
        assertEquals(3, scatter.getSeries(0).getItemCount());
        assertEquals(SweepCharts.colour("mxfp4@32"), scatterPlot.getRenderer().getSeriesPaint(1), "a format keeps its colour");
        List<String> labels = labels(scatterPlot);
        assertTrue(!labels.isEmpty() && labels.stream().allMatch(l -> l.matches("int8@32 ×(8|16|32)")),
                "the full chart labels the Pareto points outside the 4-bit cluster: " + labels);
        XYPlot detailPlot = charts.get("energy_vs_sqnr_4bit").getXYPlot();
        List<String> detailLabels = labels(detailPlot);
        assertEquals(((XYSeriesCollection) detailPlot.getDataset()).getSeries(2).getItemCount(), detailLabels.size(),
                "the 4-bit panel labels every point of its front");
        assertTrue(detailLabels.stream().allMatch(l -> l.matches("(dialectfp4|mxfp4)@32 ×(8|16|32)")), detailLabels.toString());
        assertEquals(labels.size() + detailLabels.size(), scatter.getSeries(3).getItemCount(), "every front point labelled once");

        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Path out = dir.resolve("charts");
        Files.createDirectories(out);
        Files.writeString(out.resolve("cycles_vs_lanes.png"), "from an earlier run");
        Files.writeString(out.resolve("notes.png"), "the user's");
        SweepCharts.write(out, charts, ChartStyle.SCREEN);
        assertTrue(!Files.exists(out.resolve("cycles_vs_lanes.png")) && Files.exists(out.resolve("notes.png")),
                "a chart this run does not draw is removed; other files stay");
        for (String name : charts.keySet()) {
            BufferedImage png = ImageIO.read(out.resolve(name + ".png").toFile());
            assertNotNull(png, name + ".png decodes");
            assertEquals(ChartStyle.SCREEN.width, png.getWidth());
            Document svg = xml.newDocumentBuilder().parse(out.resolve(name + ".svg").toFile());
            assertEquals("svg", svg.getDocumentElement().getTagName(), name + ".svg is SVG");
        }

        SweepReport.write(dir, spec, results, List.of(), charts, ChartStyle.SCREEN, Path.of(""));
        String html = Files.readString(dir.resolve(SweepReport.FILE));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg") && html.contains("layer0.attn_in")
                && html.contains("format: [dialectfp4, mxfp4, int8]") && html.contains(spec.sha256()), "report content");
        assertEquals(charts.size(), html.split("<svg", -1).length - 1, "every chart inline");
        assertEquals(1, html.split("Energy per MAC by format: datapath and activation quantizer", -1).length - 1, "each chart title once");
        assertTrue(html.contains("JFreeChart 1.5.5"), "the library's version, not 'unknown'");
        assertTrue(html.contains("<th>buffer area µm²</th>"));
        java.util.regex.Matcher utilisation = java.util.regex.Pattern.compile("<td>(\\d\\.\\d{4})</td><td>0</td><td>\\d\\.\\d{4}</td>").matcher(html);
        int rows = 0;
        while (utilisation.find()) {
            rows++;
        }
        assertEquals(results.size(), rows, "utilisation, stall cycles and pJ/MAC in one format per column on every row");

        Map<String, JFreeChart> again = SweepCharts.charts(spec, results, ChartStyle.SCREEN);
        Path second = dir.resolve("again");
        SweepCharts.write(second, again, ChartStyle.SCREEN);
        SweepReport.write(second, spec, results, List.of(), again, ChartStyle.SCREEN, Path.of(""));
        for (String name : charts.keySet()) {
            assertEquals(Files.readString(out.resolve(name + ".svg")), Files.readString(second.resolve(name + ".svg")),
                    name + ".svg is the same on every run");
        }
        assertEquals(html, Files.readString(second.resolve(SweepReport.FILE)), "the report is the same on every run");
        Path elsewhere = dir.resolve("elsewhere");
        SweepReport.write(elsewhere, spec, results, List.of(), again, ChartStyle.SCREEN, specFile.getParent());
        String moved = Files.readString(elsewhere.resolve(SweepReport.FILE));
        assertTrue(moved.contains("<p>spec.yaml (sha256 ") && !moved.contains(specFile.getParent().toString()),
                "a spec inside the project is named relative to it, so the report does not depend on where the project is");
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("clipPath id='([^']+)'").matcher(html);
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "clip-path id " + m.group(1) + " appears once in the report");
        }
        assertTrue(ids.size() > charts.size());

        Path paper = dir.resolve("paper");
        SweepCharts.write(paper, SweepCharts.charts(spec, results, ChartStyle.COLUMN), ChartStyle.COLUMN);
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(paper.resolve("energy_by_format.png").toFile())) {
            reader.setInput(in);
            assertEquals(1050, reader.getWidth(0), "3.5 in at 300 dpi");
            org.w3c.dom.Node phys = ((javax.imageio.metadata.IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0"))
                    .getElementsByTagName("pHYs").item(0);
            assertEquals("11811", phys.getAttributes().getNamedItem("pixelsPerUnitXAxis").getNodeValue(), "300 dpi recorded");
        }
        String svg = Files.readString(paper.resolve("energy_by_format.svg"));
        assertTrue(svg.contains("width='252.0pt' height='200.0pt' viewBox='0.0 0.0 252.0 200.0'") && svg.contains(">32 lanes, depth 1, fp32, 45nm, 500MHz</text>")
                && svg.contains(">dialectfp4@32</text>")
                && !svg.contains("Datapath energy per MAC by format"), "SVG in points with its text as text; no title on paper (the caption has it)");
    }

    /** Bars at the widest lane count all formats have; a format without a point there is named, not drawn at other lanes. */
    @Test
    void barsCompareFormatsAtOneLaneCount(@TempDir Path dir) throws Exception {
        SweepSpec spec = spec(dir, "[dialectfp4, nvfp4, int8]", "[8, 16, 32]");
        List<PointResult> results = synthetic(spec, p -> 0.0);
        CategoryPlot energy = SweepCharts.charts(spec, results, ChartStyle.SCREEN).get("energy_by_format").getCategoryPlot();
        assertEquals(List.of("dialectfp4@32", "nvfp4@16", "int8@32"), energy.getDataset().getColumnKeys());
        assertTrue(results.stream().filter(r -> r.point().format().equals("nvfp4@16")).allMatch(r -> r.point().lanes() <= 16));
        assertEquals("16 lanes, depth 1, fp32, 45nm, 500MHz",
                subtitle(SweepCharts.charts(spec, results, ChartStyle.SCREEN).get("energy_by_format")), "NVFP4 has no 32 lanes: 16 for all");

        List<PointResult> partial = results.stream()
                .filter(r -> r.point().format().startsWith("nvfp4") ? r.point().lanes() == 8 : r.point().lanes() > 8).toList();
        JFreeChart bars = SweepCharts.charts(spec, partial, ChartStyle.SCREEN).get("energy_by_format");
        assertEquals(List.of("dialectfp4@32", "int8@32"), bars.getCategoryPlot().getDataset().getColumnKeys());
        assertEquals("32 lanes, depth 1, fp32, 45nm, 500MHz; no point at 32 lanes: nvfp4@16", subtitle(bars),
                "a format the bars leave out is named");
    }

    /** Marker by block size, filled for the first accumulator and hollow for others; lanes charts only once something stalls, with plain ticks. */
    @Test
    void markersFollowBlockAndAccumulatorAndStallsBringTheLanesCharts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, """
                name: m
                traces: {activations: traces/layer0.attn_in.npy, tokens: 2, weights: traces/layer1.ffn_in.npy, weight_rows: 4}
                grid: {format: [mxfp4], block: [32, 64], lanes: [8, 16], acc: [fp32, "fixed:24:8"]}
                """);
        SweepSpec spec = SweepSpec.load(file);
        List<PointResult> results = synthetic(spec, p -> p.lanes() == 8 ? 5.0 : 0.0);
        Map<String, JFreeChart> charts = SweepCharts.charts(spec, results, ChartStyle.SCREEN);
        XYPlot plot = charts.get("energy_vs_sqnr").getXYPlot();
        assertEquals(List.of("mxfp4@32 fp32", "mxfp4@32 fixed:24:8", "mxfp4@64 fp32", "mxfp4@64 fixed:24:8", SweepCharts.PARETO),
                seriesKeys((XYSeriesCollection) plot.getDataset()));
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer();
        assertEquals(List.of(true, false, true, false), List.of(r.getSeriesShapesFilled(0), r.getSeriesShapesFilled(1),
                r.getSeriesShapesFilled(2), r.getSeriesShapesFilled(3)));
        assertTrue(r.getSeriesShape(0) instanceof java.awt.geom.Ellipse2D && r.getSeriesShape(2) instanceof java.awt.geom.Rectangle2D,
                "block 32 circles, block 64 squares");
        assertEquals(r.getSeriesPaint(0), r.getSeriesPaint(3), "one colour per format");
        assertTrue(charts.containsKey("cycles_vs_lanes") && charts.containsKey("utilisation_vs_lanes"));
        org.jfree.chart.axis.LogAxis cycles = (org.jfree.chart.axis.LogAxis) charts.get("cycles_vs_lanes").getXYPlot().getRangeAxis();
        assertEquals("200,000", cycles.getNumberFormatOverride().format(2e5), "plain tick labels, not 10^5.30");
    }

    private static SweepSpec spec(Path dir, String formats, String lanes) throws Exception {
        Path file = dir.resolve("s" + formats.hashCode() + lanes.hashCode() + ".yaml");
        Files.writeString(file, "name: s\ntraces: {activations: traces/layer0.attn_in.npy, tokens: 2, weights: traces/layer1.ffn_in.npy,"
                + " weight_rows: 4}\ngrid: {format: " + formats + ", lanes: " + lanes + "}\n");
        return SweepSpec.load(file);
    }

    /** Results made up for the chart logic alone: energy from the lanes, SQNR from the bits. */
    private static List<PointResult> synthetic(SweepSpec spec, java.util.function.ToDoubleFunction<SweepSpec.Point> stalls) {
        List<PointResult> out = new ArrayList<>();
        for (SweepSpec.Point p : spec.expand().points()) {
            double bits = p.format().startsWith("int8") ? 8.25 : 4.25;
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put("bits_per_element", bits);
            m.put("energy_pj_per_mac", 0.1 + 0.01 * p.lanes() + (p.acc().equals("fp32") ? 0.05 : 0) + p.index() * 1e-4);
            m.put("output_sqnr_db", 5 * bits + p.index() * 0.01);
            m.put("cycles", 2e5 / p.lanes());
            m.put("utilisation", 1.0);
            m.put("stall_cycles", stalls.applyAsDouble(p));
            m.put("area_um2", 1000.0 * p.lanes());
            m.put(SweepMetrics.BUFFER_AREA, 5000.0);
            Map<String, Double> groups = new java.util.LinkedHashMap<>();
            SweepMetrics.GROUPS.forEach(g -> groups.put(g, 1.0));
            out.add(new PointResult(p, m, groups, groups));
        }
        return out;
    }

    private static List<Object> seriesKeys(XYSeriesCollection data) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            keys.add(data.getSeriesKey(i));
        }
        return keys;
    }

    private static List<String> labels(XYPlot plot) {
        return plot.getAnnotations().stream().map(a -> ((XYTextAnnotation) a).getText().trim()).toList();
    }

    private static String subtitle(JFreeChart chart) {
        return ((org.jfree.chart.title.TextTitle) chart.getSubtitle(1)).getText();
    }
}
