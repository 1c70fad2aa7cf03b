package dev.bdsim.report;

import dev.bdsim.sweep.PointResult;
import dev.bdsim.sweep.SweepMetrics;
import dev.bdsim.sweep.SweepRunner;
import dev.bdsim.sweep.SweepSpec;
import org.jfree.chart.JFreeChart;
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
        Map<String, JFreeChart> charts = SweepCharts.charts(spec, results);
        assertEquals(List.of("energy_by_format", "area_by_format", "energy_vs_sqnr", "cycles_vs_lanes", "utilisation_vs_lanes"),
                new ArrayList<>(charts.keySet()));

        CategoryPlot energy = charts.get("energy_by_format").getCategoryPlot();
        assertEquals(SweepMetrics.GROUPS, energy.getDataset().getRowKeys());
        assertEquals(List.of("dialectfp4@32 ×32", "mxfp4@32 ×32", "int8@32 ×32"), energy.getDataset().getColumnKeys());

        XYSeriesCollection scatter = (XYSeriesCollection) charts.get("energy_vs_sqnr").getXYPlot().getDataset();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < scatter.getSeriesCount(); i++) {
            keys.add(scatter.getSeriesKey(i));
        }
        assertEquals(List.of("dialectfp4@32", "mxfp4@32", "int8@32", SweepCharts.PARETO), keys);
        assertEquals(3, scatter.getSeries(0).getItemCount());
        XYPlot lanes = charts.get("cycles_vs_lanes").getXYPlot();
        assertEquals(3, lanes.getDataset().getItemCount(0), "one point per lane count");
        assertEquals(SweepCharts.colour("mxfp4@32"), lanes.getRenderer().getSeriesPaint(1), "a format keeps its colour");
        assertEquals(SweepCharts.colour("mxfp4@32"), charts.get("energy_vs_sqnr").getXYPlot().getRenderer().getSeriesPaint(1));

        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Path out = dir.resolve("charts");
        SweepCharts.write(out, charts);
        for (String name : charts.keySet()) {
            BufferedImage png = ImageIO.read(out.resolve(name + ".png").toFile());
            assertNotNull(png, name + ".png decodes");
            assertEquals(SweepCharts.WIDTH, png.getWidth());
            Document svg = xml.newDocumentBuilder().parse(out.resolve(name + ".svg").toFile());
            assertEquals("svg", svg.getDocumentElement().getTagName(), name + ".svg is SVG");
        }

        SweepReport.write(dir, spec, results, List.of(), charts, Path.of(""));
        String html = Files.readString(dir.resolve(SweepReport.FILE));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg") && html.contains("layer0.attn_in")
                && html.contains("format: [dialectfp4, mxfp4, int8]") && html.contains(spec.sha256()), "report content");
        assertEquals(charts.size(), html.split("<svg", -1).length - 1, "every chart inline");

        Map<String, JFreeChart> again = SweepCharts.charts(spec, results);
        Path second = dir.resolve("again");
        SweepCharts.write(second, again);
        SweepReport.write(second, spec, results, List.of(), again, Path.of(""));
        for (String name : charts.keySet()) {
            assertEquals(Files.readString(out.resolve(name + ".svg")), Files.readString(second.resolve(name + ".svg")),
                    name + ".svg is the same on every run");
        }
        assertEquals(html, Files.readString(second.resolve(SweepReport.FILE)), "the report is the same on every run");
        Path elsewhere = dir.resolve("elsewhere");
        SweepReport.write(elsewhere, spec, results, List.of(), again, specFile.getParent());
        String moved = Files.readString(elsewhere.resolve(SweepReport.FILE));
        assertTrue(moved.contains("<p>spec.yaml (sha256 ") && !moved.contains(specFile.getParent().toString()),
                "a spec inside the project is named relative to it, so the report does not depend on where the project is");
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("clipPath id='([^']+)'").matcher(html);
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "clip-path id " + m.group(1) + " appears once in the report");
        }
        assertTrue(ids.size() > charts.size());
    }
}
