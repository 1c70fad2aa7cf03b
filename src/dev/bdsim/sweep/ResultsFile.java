package dev.bdsim.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.bdsim.BadInputException;
import dev.bdsim.io.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's results: {@code results.jsonl}, a header line naming the sweep then one JSON line per
 * finished point in point order, each appended with a single write and forced to disk, so a
 * killed sweep leaves whole lines (a torn last line is dropped on resume); and
 * {@code results.csv}, regenerated from it.
 */
public final class ResultsFile implements AutoCloseable {
    public static final String JSONL = "results.jsonl";
    public static final String CSV = "results.csv";
    /** Held (an OS file lock) while a run writes the directory, so two runs never write one results file. */
    public static final String LOCK = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final SweepSpec spec;
    /** The points this directory holds: the sweep's, or its shard's. */
    private final List<SweepSpec.Point> points;
    private final int sweepPoints;
    private final Shard shard;
    private final List<PointResult> results = new ArrayList<>();
    private final Map<String, String> inputs;
    private final FileChannel lockChannel;

    private String replaced;

    /** Why earlier results in the directory were replaced, or null when they were resumed (or there were none). */
    public String replaced() {
        return replaced;
    }

    private ResultsFile(Path dir, SweepSpec spec, List<SweepSpec.Point> points, Shard shard, Map<String, String> inputs,
                        FileChannel lockChannel) {
        this.dir = dir;
        this.spec = spec;
        this.sweepPoints = points.size();
        this.shard = shard;
        this.points = shard.of(points);
        this.inputs = new java.util.TreeMap<>(inputs);
        this.lockChannel = lockChannel;
    }

    /**
     * Opens the results in {@code dir} for this run alone: a new file, or the finished points of an
     * earlier run of the same spec on the same inputs ({@code inputs}: every file the points read, by
     * name, with its SHA-256). Another run writing the directory (in any process) is refused, and so
     * are earlier results of another spec or of inputs that have changed since.
     */
    public static ResultsFile open(Path dir, SweepSpec spec, List<SweepSpec.Point> points, Map<String, String> inputs) throws IOException {
        return open(dir, spec, points, Shard.WHOLE, inputs, false);
    }

    /**
     * As {@link #open(Path, SweepSpec, List, Map)} for one shard of the sweep's points; with {@code replaceStale}
     * results that do not fit this run are replaced, not refused.
     */
    public static ResultsFile open(Path dir, SweepSpec spec, List<SweepSpec.Point> points, Shard shard, Map<String, String> inputs,
                                   boolean replaceStale) throws IOException {
        AtomicFile.createDirectories(dir);
        ResultsFile f = new ResultsFile(dir, spec, points, shard, inputs, lock(dir));
        try {
            f.load(replaceStale);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    private static FileChannel lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by another run in this process
        }
        if (lock == null) {
            ch.close();
            throw new BadInputException(dir + " is being written by another sweep (it holds " + file + "); wait for that run to "
                    + "finish, or give this one another -o");
        }
        return ch;
    }

    /** Releases the directory to other runs. */
    @Override
    public void close() throws IOException {
        lockChannel.close();
    }

    private void load(boolean replaceStale) throws IOException {
        ResultsFile f = this;
        Path file = dir.resolve(JSONL);
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\n') < 0) {
            // a new directory, or a run stopped (a full disk, a kill) before its header line was whole: start afresh
            String header = f.header() + "\n";
            AtomicFile.writeText(file, w -> w.write(header));
            return;
        }
        int end = text.lastIndexOf('\n') + 1; // whole lines only
        String[] lines = text.substring(0, end).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(f.header())) {
            if (replaceStale) {
                f.replaced = file + " " + f.difference(lines[0]);
                String header = f.header() + "\n";
                AtomicFile.writeText(file, w -> w.write(header));
                return;
            }
            throw new BadInputException(file + " " + f.difference(lines[0]) + "; remove " + dir + " or choose another -o");
        }
        int good = lines[0].length() + 1;
        for (int i = 1; i < lines.length - 1; i++) {
            PointResult r = f.parse(lines[i], f.results.size());
            if (r == null) {
                break;
            }
            f.results.add(r);
            good += lines[i].length() + 1;
        }
        if (good < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(good);
            }
        }
    }

    /**
     * The first line: the sweep, its spec's and the build's hashes, its points and its inputs' hashes; a
     * shard's also says which shard, how many points it holds and the spec's file, for the merge.
     */
    private String header() {
        ObjectNode h = JSON.createObjectNode();
        h.put("sweep", spec.name());
        h.put("spec_sha256", spec.sha256());
        h.put("code_sha256", dev.bdsim.Version.codeSha256());
        h.put("points", sweepPoints);
        if (!shard.whole()) {
            h.put(ShardMerge.SHARD, shard.toString());
            h.put(ShardMerge.SHARD_POINTS, points.size());
            h.put(ShardMerge.SPEC, spec.file().toString());
        }
        h.set("inputs", JSON.valueToTree(inputs));
        return h.toString();
    }

    /** Why an earlier header does not fit this run: another spec, or the first input file that changed. */
    private String difference(String earlier) {
        JsonNode h;
        try {
            h = JSON.readTree(earlier);
        } catch (IOException e) {
            h = null;
        }
        if (h == null || !h.path("spec_sha256").asText().equals(spec.sha256()) || !h.path("sweep").asText().equals(spec.name())) {
            return "holds results of another sweep or another version of " + spec.file();
        }
        String theirs = h.path(ShardMerge.SHARD).asText(Shard.WHOLE.toString());
        if (!theirs.equals(shard.toString())) {
            return "holds " + (theirs.equals(Shard.WHOLE.toString()) ? "the whole sweep" : "shard " + theirs) + ", not "
                    + (shard.whole() ? "the whole sweep" : "shard " + shard);
        }
        String code = h.path("code_sha256").asText("");
        if (!code.equals(dev.bdsim.Version.codeSha256())) {
            return "holds results computed by another build of bdsim (its code SHA-256 was "
                    + (code.isEmpty() ? "not recorded" : code.substring(0, Math.min(12, code.length())) + "…") + ", now "
                    + dev.bdsim.Version.codeSha256().substring(0, 12) + "…): its models may differ, so old and new results would mix";
        }
        JsonNode then = h.path("inputs");
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            String before = then.path(e.getKey()).asText(null);
            if (!e.getValue().equals(before)) {
                return "holds results computed from another version of " + e.getKey() + " (its SHA-256 was "
                        + (before == null ? "not recorded" : before.substring(0, Math.min(12, before.length())) + "…") + ", now "
                        + e.getValue().substring(0, 12) + "…): it changed since, so old and new results would mix";
            }
        }
        for (Iterator<String> it = then.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!inputs.containsKey(name)) {
                return "holds results that also read " + name + ", which this run does not";
            }
        }
        return "holds results of another sweep or another version of " + spec.file();
    }

    /** The finished points so far, in point order. */
    public List<PointResult> results() {
        return List.copyOf(results);
    }

    /** The points this directory holds, in point order: the sweep's, or its shard's. */
    public List<SweepSpec.Point> points() {
        return points;
    }

    /** Appends the next point's result (it must be the next of this directory's points). */
    public void append(PointResult r) throws IOException {
        if (results.size() >= points.size() || r.point().index() != points.get(results.size()).index()) {
            throw new IllegalStateException("point " + r.point().index() + " appended after " + results.size() + " results");
        }
        byte[] line = (line(r) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(JSONL), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(dir.resolve(JSONL), e); // the lines before are whole: the sweep resumes from them
        }
        results.add(r);
    }

    /** A point's result as its results-file line. */
    public static String line(PointResult r) {
        ObjectNode n = JSON.createObjectNode();
        SweepSpec.Point p = r.point();
        n.put("point", p.index());
        n.put("format", p.format());
        n.put("lanes", p.lanes());
        n.put("depth", p.depth());
        n.put("acc", p.acc());
        n.put("tech", p.tech());
        n.put("clock", p.clock());
        n.put("netlist", p.netlist());
        if (!p.params().isEmpty()) {
            ObjectNode params = n.putObject("params");
            p.params().forEach(params::put);
        }
        ObjectNode m = n.putObject("metrics");
        r.metrics().forEach((k, v) -> putNumber(m, k, v));
        if (!r.energyByGroup().isEmpty()) {
            ObjectNode e = n.putObject("energy_pj_per_mac_by_group");
            r.energyByGroup().forEach((k, v) -> putNumber(e, k, v));
        }
        if (!r.areaByGroup().isEmpty()) {
            ObjectNode a = n.putObject("area_um2_by_group");
            r.areaByGroup().forEach((k, v) -> putNumber(a, k, v));
        }
        if (!r.products().isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode list = n.putArray("products");
            for (PointResult.ProductResult pr : r.products()) {
                ObjectNode o = list.addObject().put("name", pr.name()).put("count", pr.count()).put("cycles", pr.cycles()).put("macs", pr.macs());
                putNumber(o, "energy_pj", pr.datapathPj());
                putNumber(o, "total_energy_pj", pr.totalPj());
                putNumber(o, "output_sqnr_db", pr.outputSqnrDb());
                ObjectNode g = o.putObject("energy_pj_by_group");
                pr.energyPjByGroup().forEach((k, v) -> putNumber(g, k, v));
            }
        }
        return n.toString();
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    /** The result on a line, or null when the line is torn or belongs to another point than the {@code position}th. */
    private PointResult parse(String line, int position) {
        return position >= points.size() ? null : read(line, points.get(position));
    }

    /** Point {@code p}'s result on a results-file line (as {@link #line} writes it), or null when the line is torn or another point's. */
    public static PointResult read(String line, SweepSpec.Point p) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (n == null || n.path("point").asInt(-1) != p.index()) {
            return null;
        }
        if (!p.format().equals(n.path("format").asText()) || p.lanes() != n.path("lanes").asInt()) {
            return null;
        }
        for (Map.Entry<String, String> e : p.params().entrySet()) {
            if (!e.getValue().equals(n.path("params").path(e.getKey()).asText(null))) {
                return null;
            }
        }
        List<PointResult.ProductResult> products = new ArrayList<>();
        for (JsonNode o : n.path("products")) {
            products.add(new PointResult.ProductResult(o.path("name").asText(), o.path("count").asInt(), o.path("cycles").asLong(),
                    o.path("macs").asLong(), number(o.path("energy_pj")), number(o.path("total_energy_pj")),
                    number(o.path("output_sqnr_db")), numbers(o.path("energy_pj_by_group"))));
        }
        return new PointResult(p, numbers(n.path("metrics")), numbers(n.path("energy_pj_per_mac_by_group")),
                numbers(n.path("area_um2_by_group")), List.copyOf(products));
    }

    private static double number(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
    }

    private static Map<String, Double> numbers(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
        }
        return m;
    }

    /** Rewrites results.csv from the finished points (RFC 4180: a field with a comma, quote or line break is quoted). */
    public void writeCsv() throws IOException {
        List<String> head = new ArrayList<>(List.of("point", "format", "lanes", "depth", "acc", "tech", "clock"));
        head.addAll(spec.params().keySet());
        List<String> groups = SweepMetrics.breakdownGroups(spec.design());
        List<String> scalars = SweepMetrics.SCALARS.stream().filter(spec.metrics()::contains).toList();
        head.addAll(scalars);
        boolean energy = spec.metrics().contains(SweepMetrics.ENERGY_BREAKDOWN);
        boolean area = spec.metrics().contains(SweepMetrics.AREA_BREAKDOWN);
        for (String g : groups) {
            if (energy) {
                head.add("energy_pj_per_mac." + g.replace(' ', '_'));
            }
        }
        for (String g : groups) {
            if (area) {
                head.add("area_um2." + g.replace(' ', '_'));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(head);
        for (PointResult r : results) {
            SweepSpec.Point p = r.point();
            List<String> row = new ArrayList<>(List.of(Integer.toString(p.index()), p.format(), Integer.toString(p.lanes()),
                    Integer.toString(p.depth()), p.acc(), p.tech(), p.clock()));
            spec.params().keySet().forEach(k -> row.add(p.params().get(k)));
            scalars.forEach(s -> row.add(number(r.metric(s))));
            if (energy) {
                groups.forEach(g -> row.add(number(r.energyByGroup().getOrDefault(g, Double.NaN))));
            }
            if (area) {
                groups.forEach(g -> row.add(number(r.areaByGroup().getOrDefault(g, Double.NaN))));
            }
            rows.add(row);
        }
        CsvMapper csv = new CsvMapper();
        csv.enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
        String text = csv.writer(CsvSchema.emptySchema().withLineSeparator("\n")).writeValueAsString(rows);
        AtomicFile.writeText(dir.resolve(CSV), w -> w.write(text));
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
