package dev.bdsim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bdsim.io.AtomicFile;
import dev.bdsim.sweep.Pareto;
import dev.bdsim.sweep.PointResult;
import dev.bdsim.sweep.SweepMetrics;
import dev.bdsim.sweep.SweepSpec;
import org.jfree.chart.JFreeChart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page for a sweep: the summary table, the Pareto front, every chart
 * (inline SVG), the spec, the versions and the traces it ran on (with their manifest checksums).
 */
public final class SweepReport {
    public static final String FILE = "report.html";

    private SweepReport() {}

    public static void write(Path dir, SweepSpec spec, List<PointResult> results, List<String> skipped,
                             Map<String, JFreeChart> charts, ChartStyle style, Path home) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc("sweep " + spec.name()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}"
                        + "th{background:#f0f0f0}td:nth-child(-n+5){text-align:left}pre{background:#f7f7f7;padding:1em;overflow:auto}"
                        + "svg{max-width:100%;height:auto}td.overflow{background:#fde2e2;color:#a00;font-weight:bold}</style></head><body>\n");
        h.append("<h1>Sweep ").append(esc(spec.name())).append("</h1>\n<p>").append(esc(spec.description())).append("</p>\n");
        h.append("<p>").append(results.size()).append(" points; ").append(spec.workload().isEmpty()
                        ? "activations: " + esc(spec.activations()) + ", first " + spec.tokens() + " rows; weights: " + esc(spec.weights())
                                + ", first " + spec.weightRows() + " rows"
                        : "workload: " + esc(spec.workload()) + " (" + (results.isEmpty() ? 0 : results.get(0).products().size())
                                + " products, the first " + spec.tokens() + " activation rows of each; energy per token over all of them)")
                .append(". Every point's outputs were checked bit for bit against the functional GEMM")
                .append(spec.sample() > 0 ? "; energy and activity are estimated from a stratified sample of " + spec.sample() + " tiles of "
                        + spec.sampleRows() + " output rows (the same tiles for every point; energy_ci95_pct gives each point's 95 % interval), "
                        + "cycles are exact, and the check and the output SQNR cover the sampled outputs" : "")
                .append(".</p>\n");

        h.append("<h2>Results</h2>\n<table><tr><th>point</th><th>format</th><th>lanes</th><th>depth</th><th>acc</th>");
        COLUMNS.forEach(c -> h.append("<th>").append(esc(c.header())).append("</th>"));
        h.append("<th>Pareto</th></tr>\n");
        List<PointResult> front = Pareto.front(results, r -> r.metric("energy_pj_per_mac"), r -> r.metric("output_sqnr_db"));
        for (PointResult r : results) {
            SweepSpec.Point p = r.point();
            h.append("<tr><td>").append(p.index()).append("</td><td>").append(esc(p.format())).append("</td><td>").append(p.lanes())
                    .append("</td><td>").append(p.depth()).append("</td><td>").append(esc(p.acc())).append("</td>");
            for (Column c : COLUMNS) {
                boolean overflowed = c.metric().equals(SweepMetrics.OVERFLOWS) && r.metric(c.metric()) > 0;
                boolean tooFast = c.metric().equals(SweepMetrics.MAX_CLOCK) && r.metric(SweepMetrics.CLOCK_ABOVE_MAX) > 0;
                h.append(overflowed ? "<td class=\"overflow\" title=\"the fixed-point accumulator saturated or wrapped\">"
                        : tooFast ? "<td class=\"overflow\" title=\"the point's clock is above this maximum\">" : "<td>")
                        .append(c.format(r.metric(c.metric()))).append(overflowed || tooFast ? " ⚠" : "").append("</td>");
            }
            h.append("<td>").append(front.contains(r) ? "●" : "").append("</td></tr>\n");
        }
        h.append("</table>\n");
        long tooFast = results.stream().filter(r -> r.metric(SweepMetrics.CLOCK_ABOVE_MAX) > 0).count();
        if (tooFast > 0) {
            h.append("<p class=\"overflow\"><b>Warning:</b> ").append(tooFast).append(tooFast == 1 ? " point runs" : " points run")
                    .append(" at a clock above the maximum their critical path allows (marked ⚠): the datapath would not work at it.</p>\n");
        }
        long overflowed = results.stream().filter(r -> r.metric(SweepMetrics.OVERFLOWS) > 0).count();
        if (overflowed > 0) {
            h.append("<p class=\"overflow\"><b>Warning:</b> ").append(overflowed).append(" point").append(overflowed == 1 ? "" : "s")
                    .append(" overflowed the fixed-point accumulator (marked ⚠): their outputs saturated or wrapped.</p>\n");
        }
        if (!skipped.isEmpty()) {
            h.append("<p>Combinations left out:</p><ul>");
            skipped.forEach(s -> h.append("<li>").append(esc(s)).append("</li>"));
            h.append("</ul>\n");
        }

        h.append("<h2>Charts</h2>\n");
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            String svg = SweepCharts.svg(e.getKey(), e.getValue(), style);
            h.append("<figure id=\"").append(e.getKey()).append("\">").append(svg.substring(svg.indexOf("<svg")))
                    .append("</figure>\n<p><a href=\"charts/").append(e.getKey())
                    .append(".png\">PNG</a> · <a href=\"charts/").append(e.getKey()).append(".svg\">SVG</a></p>\n");
        }

        String specName = dev.bdsim.io.InputFiles.nameInProject(home, spec.file().toString());
        h.append("<h2>Spec</h2>\n<p>").append(esc(specName)).append(" (sha256 ").append(spec.sha256())
                .append(")</p>\n<pre>").append(esc(spec.text())).append("</pre>\n");
        h.append("<h2>Versions and traces</h2>\n<ul><li>").append(dev.bdsim.Version.NAME).append(", Java ").append(esc(System.getProperty("java.version")))
                .append(", JFreeChart ").append(esc(jfreechartVersion())).append("</li>\n");
        traces(h, spec, home);
        h.append("</ul>\n<p>Raw results: <a href=\"results.jsonl\">results.jsonl</a>, <a href=\"results.csv\">results.csv</a>.</p>\n");
        h.append("</body></html>\n");
        AtomicFile.writeText(dir.resolve(FILE), w -> w.write(h.toString()));
    }

    private static void traces(StringBuilder h, SweepSpec spec, Path home) {
        Path manifest = home.resolve("traces").resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(manifest.toFile());
            h.append("<li>model: ").append(esc(root.path("model").path("name").asText())).append(" (")
                    .append(esc(root.path("model").path("artifact").asText())).append("), captured with ")
                    .append(esc(root.path("model").path("runtime").asText())).append("</li>\n");
            String file = spec.activations().isEmpty() ? "" : Path.of(spec.activations()).getFileName().toString();
            for (JsonNode t : root.path("tensors")) {
                if (t.path("file").asText().equals(file)) {
                    h.append("<li>activations ").append(esc(t.path("name").asText())).append(": shape ").append(esc(t.path("shape").toString()))
                            .append(", sha256 ").append(esc(t.path("sha256").asText())).append("</li>\n");
                }
            }
        } catch (IOException e) {
            h.append("<li>trace manifest unreadable: ").append(esc(e.getMessage())).append("</li>\n");
        }
    }

    /** The version Maven recorded in the library's jar. */
    static String jfreechartVersion() {
        try (java.io.InputStream in = JFreeChart.class.getResourceAsStream("/META-INF/maven/org.jfree/jfreechart/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "(version not recorded in its jar)");
        } catch (IOException e) {
            return "(version unreadable: " + e.getMessage() + ")";
        }
    }

    /** A metric column of the results table: one number format for the whole column. */
    record Column(String metric, String header, String format) {
        String format(double v) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "–";
        }
    }

    static final List<Column> COLUMNS = List.of(new Column("cycles", "cycles", "%,.0f"),
            new Column("utilisation", "utilisation", "%.4f"), new Column("stall_cycles", "stall cycles", "%,.0f"),
            new Column("energy_pj_per_mac", "pJ/MAC", "%.4f"), new Column(SweepMetrics.WITH_QUANTIZER, "pJ/MAC with quantizer", "%.4f"),
            new Column("energy_pj_per_mac_with_buffers", "pJ/MAC with buffers", "%.4f"),
            new Column("power_uw", "power µW", "%,.1f"), new Column("area_um2", "area µm²", "%,.0f"),
            new Column(SweepMetrics.QUANTIZER_AREA, "quantizer area µm²", "%,.0f"),
            new Column(SweepMetrics.BUFFER_AREA, "buffer area µm²", "%,.0f"), new Column(SweepMetrics.MAX_CLOCK, "max clock MHz", "%,.0f"), new Column("output_sqnr_db", "output SQNR dB", "%.2f"),
            new Column(SweepMetrics.OVERFLOWS, "accumulator overflows", "%,.0f"), new Column(SweepMetrics.COSINE, "embedding cosine", "%.6f"));

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
