package dev.bdsim.sweep;

import dev.bdsim.io.InputFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.hash.Hashing;
import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.Clock;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.gemm.Datapaths;
import dev.bdsim.quant.Formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A design-space sweep as a YAML file (README "Sweeps"): the traces, a grid of datapath
 * parameters (the accumulators per grid format), and the metrics to keep. {@link #points()} expands the grid in a fixed order
 * (format, block, lanes, depth, accumulator, technology, clock); combinations a datapath cannot
 * build (lanes not dividing the block into a power of two of chunks) are left out and listed.
 */
public record SweepSpec(Path file, String text, String name, String description, String activations, int tokens,
                        String weights, int weightRows, List<String> formats, List<Integer> blocks, List<Integer> lanes,
                        List<Integer> depths, Map<String, List<String>> accumulators, List<String> techs, List<String> clocks,
                        List<String> metrics, Map<String, String> netlists, String design, Map<String, List<String>> params,
                        long sample, int sampleRows, String workload) {
    public static final List<String> TOP_KEYS = List.of("name", "description", "design", "traces", "grid", "metrics", "netlists");
    /** What a point simulates: the MAC datapath alone, or the whole accelerator (README "Accelerators"). */
    public static final List<String> DESIGNS = List.of("datapath", "accelerator");
    /**
     * Parameters with axes or values of their own, which {@code grid.params} may not set: the run's loop bounds, and for
     * datapath points the weight buffer, sized to the run (an accelerator's is its design's).
     */
    public static final List<String> RESERVED_PARAMS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("LANES", "DEPTH", "BLOCK", "W_WORDS", "ACC", "ACC_WIDTH"),
            dev.bdsim.gemm.CycleAccelerator.RUN_BOUNDS.stream()).toList();
    public static final List<String> TRACE_KEYS = List.of("activations", "tokens", "weights", "weight_rows", "sample", "sample_rows",
            "workload");
    /** The most points one spec may expand to. */
    public static final long MAX_POINTS = 1_000_000;
    public static final List<String> GRID_KEYS = List.of("format", "block", "lanes", "depth", "acc", "tech", "clock", "params");

    /** One point of the grid; {@code params} are its values of the grid's other netlist parameters, in the spec's order. */
    public record Point(int index, String format, int lanes, int depth, String acc, String tech, String clock, String netlist,
                        Map<String, String> params) {
        public Point {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** A readable, unique key of the point's parameters. */
        public String id() {
            StringBuilder b = new StringBuilder(format + " L" + lanes + " D" + depth + " " + acc + " " + tech + " " + clock);
            params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            return b.toString();
        }
    }

    /** The grid's points and the combinations left out, with why. */
    public record Expansion(List<Point> points, List<String> skipped) {}

    public static SweepSpec load(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, "sweep spec", 1L << 20);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read sweep spec (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            YAMLFactory factory = new YAMLFactory();
            try (com.fasterxml.jackson.dataformat.yaml.YAMLParser tokens = (com.fasterxml.jackson.dataformat.yaml.YAMLParser) factory.createParser(text)) {
                while (tokens.nextToken() != null) {
                    if (tokens.isCurrentAlias()) {
                        throw new BadInputException(file + ":" + tokens.currentTokenLocation().getLineNr() + ": YAML aliases ("
                                + dev.bdsim.io.InputFiles.quote(file, "sweep spec", "*" + tokens.getText()) + ") are not read in sweep specs; write the value out");
                    }
                }
            }
            ObjectMapper yaml = new ObjectMapper(factory).enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            List<JsonNode> documents = yaml.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll();
            if (documents.size() > 1) {
                throw new BadInputException(file + ": holds " + documents.size() + " YAML documents; a sweep spec is one (remove the '---' "
                        + "separators)");
            }
            root = documents.isEmpty() ? null : documents.get(0);
        } catch (IOException e) {
            String where = "";
            String problem = e.getMessage().lines().findFirst().orElse("");
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                problem = j.getOriginalMessage().lines().findFirst().orElse("");
                if (j.getLocation() != null && j.getLocation().getLineNr() > 0) {
                    where = ":" + j.getLocation().getLineNr() + ":" + j.getLocation().getColumnNr();
                }
                if (j.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                    // SnakeYAML knows where the problem is, Jackson only where its parser stopped
                    where = ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1);
                    problem = m.getContext() != null && m.getProblem() != null ? m.getContext() + ": " + m.getProblem()
                            : String.valueOf(m.getProblem());
                }
            }
            throw new BadInputException(file + where + ": not valid YAML: " + problem.replaceAll("\\p{Cntrl}", "?"));
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": a sweep spec is a YAML mapping with the keys " + TOP_KEYS);
        }
        Reader r = new Reader(file);
        // every independent part is checked, so one run reports all of a spec's problems, not the first
        Problems problems = new Problems();
        problems.check(() -> r.onlyKeys(root, "", TOP_KEYS));
        JsonNode traces = problems.value(() -> r.mapping(root, "traces", true), JSON_EMPTY);
        problems.check(() -> r.onlyKeys(traces, "traces.", TRACE_KEYS));
        JsonNode grid = problems.value(() -> r.mapping(root, "grid", true), JSON_EMPTY);
        problems.check(() -> r.onlyKeys(grid, "grid.", GRID_KEYS));
        // without a grid its missing format is no second problem
        List<String> formats = grid == JSON_EMPTY ? List.of() : problems.value(() -> r.strings(grid, "grid.format", null), List.of());
        List<String> validFormats = new java.util.ArrayList<>();
        for (String f : formats) {
            problems.check(() -> {
                r.check("grid.format", f, () -> Formats.parse(f, Formats.Options.defaults()), "one of " + Formats.ALL + ", optionally id@B");
                validFormats.add(f);
            });
        }
        List<Integer> blocks = problems.value(() -> r.integers(grid, "grid.block", List.of(32), 1, 4096), List.of(32));
        List<Integer> lanes = problems.value(() -> r.integers(grid, "grid.lanes", List.of(32), 1, 4096), List.of(32));
        List<Integer> depths = problems.value(() -> r.integers(grid, "grid.depth", List.of(1), 0, 13), List.of(1));
        Map<String, List<String>> accs = problems.value(() -> accumulators(r, grid, validFormats), Map.of());
        List<String> techs = problems.value(() -> r.strings(grid, "grid.tech", List.of("45nm")), List.of());
        techs.forEach(t -> problems.check(() -> r.check("grid.tech", t, () -> TechLibrary.named(t),
                "a library under rtl-models/tech (e.g. 45nm) or a .tech file")));
        List<String> clocks = problems.value(() -> r.strings(grid, "grid.clock", List.of("500MHz")), List.of());
        clocks.forEach(c -> problems.check(() -> r.check("grid.clock", c, () -> Clock.parse(c), "a frequency such as 500MHz or 1.2GHz")));
        List<String> metrics = problems.value(() -> r.strings(root, "metrics", SweepMetrics.DEFAULT), List.of());
        metrics.forEach(m -> problems.check(() -> {
            if (!SweepMetrics.ALL.contains(m)) {
                throw new BadInputException(file + ": metrics: " + r.quote(m) + " is not a metric; allowed: " + SweepMetrics.ALL);
            }
        }));
        Map<String, String> netlists = new LinkedHashMap<>();
        JsonNode n = problems.value(() -> r.mapping(root, "netlists", false), null);
        if (n != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                problems.check(() -> {
                    if (!e.getValue().isTextual()) {
                        throw new BadInputException(file + ": netlists." + e.getKey() + " must be a netlist path");
                    }
                    boolean known = validFormats.stream().anyMatch(f -> Formats.parse(f, Formats.Options.defaults()).id().equals(e.getKey()));
                    if (!known) {
                        throw new BadInputException(file + ": 'netlists." + e.getKey() + "' names no format of grid.format " + formats
                                + "; the keys are format ids (e.g. mxfp4)");
                    }
                    netlists.put(e.getKey(), e.getValue().asText());
                });
            }
        }
        String name = problems.value(() -> r.text(root, "name", null), "");
        problems.check(() -> {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new BadInputException(file + ": 'name' = " + r.quote(name) + " is not a sweep name: letters, digits, "
                        + "'.', '_' and '-', at most 64, not starting with a dot (it names the folder out/<name>)");
            }
        });
        String description = problems.value(() -> r.text(root, "description", ""), "");
        String design = problems.value(() -> r.text(root, "design", "datapath"), "datapath");
        problems.check(() -> {
            if (!DESIGNS.contains(design)) {
                throw new BadInputException(file + ": 'design' = " + r.quote(design) + " is not one of " + DESIGNS);
            }
        });
        Map<String, List<String>> params = problems.value(() -> params(r, grid, design), Map.of());
        String workload = problems.value(() -> r.text(traces, "traces.workload", ""), "");
        problems.check(() -> {
            if (!workload.isEmpty() && (traces.has("activations") || traces.has("weights"))) {
                throw new BadInputException(file + ": 'traces.workload' names the products (activations and weights) itself; drop "
                        + "traces.activations and traces.weights, or the workload");
            }
        });
        // a workload's products each have their own tensors; weight_rows then limits each (default: all rows)
        String activations = workload.isEmpty() ? problems.value(() -> r.text(traces, "traces.activations", null), "") : "";
        int tokens = problems.value(() -> r.integer(traces, "traces.tokens", 16, 1, Integer.MAX_VALUE), 16);
        String weights = workload.isEmpty() ? problems.value(() -> r.text(traces, "traces.weights", null), "") : "";
        int defaultRows = workload.isEmpty() ? 64 : Integer.MAX_VALUE;
        int weightRows = problems.value(() -> r.integer(traces, "traces.weight_rows", defaultRows, 1, Integer.MAX_VALUE), defaultRows);
        long sample = problems.value(() -> (long) r.integer(traces, "traces.sample", 0, 0, Integer.MAX_VALUE), 0L);
        int sampleRows = problems.value(() -> r.integer(traces, "traces.sample_rows", 16, 1, Integer.MAX_VALUE), 16);
        problems.check(() -> {
            if (sample > 0 && design.equals("accelerator")) {
                throw new BadInputException(file + ": 'traces.sample' applies to datapath points; an accelerator is simulated whole, "
                        + "drop the key");
            }
        });
        problems.throwIfAny(file);
        long combinations = params.values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b)
                * formats.size() * blocks.size() * lanes.size() * depths.size()
                * accs.values().stream().mapToInt(List::size).max().orElse(1) * techs.size() * clocks.size();
        if (combinations > MAX_POINTS) {
            throw new BadInputException(file + ": the grid has " + combinations + " combinations, more than " + MAX_POINTS
                    + "; split the sweep into several specs");
        }
        List<String> kept = sample > 0 && !root.has("metrics") ? SweepMetrics.SAMPLED_DEFAULT : metrics;
        return new SweepSpec(file, text, name, description, activations, tokens, weights, weightRows,
                formats, blocks, lanes, depths, accs, techs, clocks, kept, netlists, design, params, sample, sampleRows, workload);
    }

    /** {@code grid.params}: netlist parameter names, each with a value or a list of values. */
    private static Map<String, List<String>> params(Reader r, JsonNode grid, String design) {
        JsonNode n = r.mapping(grid, "params", false);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new BadInputException(r.file() + ": 'grid.params." + name + "' is not a parameter name");
            }
            if (RESERVED_PARAMS.contains(name) && !(name.equals("W_WORDS") && design.equals("accelerator"))) {
                throw new BadInputException(r.file() + ": 'grid.params." + name + "' is set "
                        + (name.equals("LANES") || name.equals("DEPTH") ? "by grid." + name.toLowerCase(java.util.Locale.ROOT)
                        : name.equals("BLOCK") ? "by grid.block" : "from the run (weights, accumulator, shape)") + "; remove it from grid.params");
            }
            out.put(name, List.copyOf(r.strings(n, "grid.params." + name, null)));
        }
        return out;
    }

    /** The netlist a point of {@code format} runs by default: its datapath, or with the accelerator design its accelerator. */
    static String shippedNetlist(String design, BlockFormat format) {
        Path datapath = Datapaths.shipped(format.id());
        return design.equals("accelerator") ? Path.of(dev.bdsim.gemm.CycleAccelerator.FOLDER).resolve(datapath.getFileName()).toString()
                : datapath.toString();
    }

    /** Why the design cannot run {@code format}, or null. */
    private String designProblem(BlockFormat format) {
        if (design.equals("accelerator") && !dev.bdsim.gemm.CycleAccelerator.has(format) && !netlists.containsKey(format.id())) {
            return dev.bdsim.gemm.CycleAccelerator.missing(format);
        }
        return null;
    }

    private static final JsonNode JSON_EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    /** The problems of a spec, collected so that one run reports them all. */
    private static final class Problems {
        private final List<String> messages = new java.util.ArrayList<>();

        void check(Runnable part) {
            try {
                part.run();
            } catch (BadInputException e) {
                messages.add(e.getMessage());
            }
        }

        <T> T value(java.util.function.Supplier<T> part, T fallback) {
            try {
                return part.get();
            } catch (BadInputException e) {
                messages.add(e.getMessage());
                return fallback;
            }
        }

        void throwIfAny(Path file) {
            if (messages.size() == 1) {
                throw new BadInputException(messages.get(0));
            }
            if (!messages.isEmpty()) {
                throw new BadInputException(file + ": " + messages.size() + " problems:\n  " + String.join("\n  ", messages));
            }
        }
    }

    /**
     * {@code grid.acc}: a value or list for every format, or a mapping from formats (as the grid writes them, or
     * their id) to a value or list, with {@code default} for the rest.
     */
    private static Map<String, List<String>> accumulators(Reader r, JsonNode grid, List<String> formats) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        JsonNode acc = grid.get("acc");
        if (acc != null && acc.isObject()) {
            for (Iterator<String> it = acc.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                boolean known = key.equals("default") || formats.stream()
                        .anyMatch(f -> f.equals(key) || Formats.parse(f, Formats.Options.defaults()).id().equals(key));
                if (!known) {
                    throw new BadInputException(r.file() + ": 'grid.acc." + key + "' names no format of grid.format " + formats
                            + "; keys are those formats, their ids, or 'default'");
                }
                byKey.put(key, r.strings(acc, "grid.acc." + key, null));
            }
        } else {
            byKey.put("default", r.strings(grid, "grid.acc", List.of("fp32")));
        }
        byKey.forEach((key, list) -> list.forEach(a -> r.check("grid.acc", a, () -> AccumulatorSpec.parse(a), "fp32 or fixed:W:F[:wrap]")));
        Map<String, List<String>> byFormat = new LinkedHashMap<>();
        for (String f : formats) {
            List<String> list = byKey.get(f);
            if (list == null) {
                list = byKey.get(Formats.parse(f, Formats.Options.defaults()).id());
            }
            if (list == null) {
                list = byKey.get("default");
            }
            if (list == null) {
                throw new BadInputException(r.file() + ": 'grid.acc' gives no accumulator for format '" + f + "'; add it or a 'default' key");
            }
            byFormat.put(f, List.copyOf(list));
        }
        return byFormat;
    }

    /** The point the bar charts show for its format: the grid's first depth, technology, clock and parameter values and the format's first accumulator. */
    public boolean isReference(Point p) {
        if (p.depth() != depths.get(0) || !p.tech().equals(techs.get(0)) || !p.clock().equals(clocks.get(0))) {
            return false;
        }
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            // a parameter the point's netlist does not take is absent from it
            if (p.params().containsKey(e.getKey()) && !e.getValue().get(0).equals(p.params().get(e.getKey()))) {
                return false;
            }
        }
        for (String f : formats) {
            if (accumulators.get(f).get(0).equals(p.acc()) && blocks.stream().anyMatch(b -> resolve(f, b).label().equals(p.format()))) {
                return true;
            }
        }
        return false;
    }

    /** The spec as parsed, with every default filled in: comments and layout do not change it. */
    public String canonical() {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode n = json.createObjectNode();
        n.put("name", name).put("description", description).put("activations", activations).put("tokens", tokens)
                .put("weights", weights).put("weight_rows", weightRows);
        if (sample > 0) {
            n.put("sample", sample).put("sample_rows", sampleRows);
        }
        if (!workload.isEmpty()) {
            n.put("workload", workload);
        }
        n.set("format", json.valueToTree(formats));
        n.set("block", json.valueToTree(blocks));
        n.set("lanes", json.valueToTree(lanes));
        n.set("depth", json.valueToTree(depths));
        n.set("acc", json.valueToTree(accumulators));
        n.set("tech", json.valueToTree(techs));
        n.set("clock", json.valueToTree(clocks));
        n.set("metrics", json.valueToTree(metrics));
        n.set("netlists", json.valueToTree(netlists));
        if (!design.equals("datapath") || !params.isEmpty()) {
            n.put("design", design);
            n.set("params", json.valueToTree(params));
        }
        return n.toString();
    }

    /** The spec's identity for resuming: a hash of its parsed form ({@link #canonical()}). */
    public String sha256() {
        return Hashing.sha256().hashString(canonical(), StandardCharsets.UTF_8).toString();
    }

    public Expansion expand() {
        List<Point> points = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Map<String, String>> settings = settings();
        for (String f : formats) {
            for (int b : blocks) {
                BlockFormat format = resolve(f, b);
                String label = format.label();
                String netlist = netlists.containsKey(format.id()) ? netlists.get(format.id()) : shippedNetlist(design, format);
                String unbuildable = designProblem(format);
                List<String> declared = unbuildable != null || params.isEmpty() ? List.of()
                        : dev.bdsim.netlist.Elaborator.parameterNames(dev.bdsim.ProjectHome.dir().resolve(netlist), null);
                for (int l : lanes) {
                    String why = unbuildable != null ? unbuildable : lanesProblem(format.blockSize(), l);
                    for (int d : depths) {
                        for (String acc : accumulators.get(f)) {
                            for (String tech : techs) {
                                for (String clock : clocks) {
                                    for (Map<String, String> setting : settings) {
                                        // a parameter the netlist does not take (FP16 has no quantizer's N) keeps its first value only
                                        Map<String, String> applied = new LinkedHashMap<>(setting);
                                        String notTaken = null;
                                        for (Map.Entry<String, String> e : setting.entrySet()) {
                                            if (unbuildable == null && !declared.contains(e.getKey())) {
                                                applied.remove(e.getKey());
                                                if (!e.getValue().equals(params.get(e.getKey()).get(0))) {
                                                    notTaken = netlist + " takes no parameter " + e.getKey();
                                                }
                                            }
                                        }
                                        Point p = new Point(points.size(), label, l, d, acc, tech, clock, netlist, notTaken == null ? applied : setting);
                                        if (!seen.add(p.id())) {
                                            continue;
                                        }
                                        if (why == null && notTaken != null) {
                                            skipped.add(p.id() + ": " + notTaken);
                                        } else if (why != null) {
                                            skipped.add(p.id() + ": " + why);
                                        } else {
                                            points.add(p);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Expansion(points, skipped);
    }

    /** Every combination of the {@code grid.params} values, the last parameter varying fastest. */
    private List<Map<String, String>> settings() {
        List<Map<String, String>> out = new ArrayList<>(List.of(Map.of()));
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> base : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(base);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** A format with the grid's block size where the format takes one (NVFP4 keeps 16, FP16 has none). */
    static BlockFormat resolve(String format, int block) {
        Formats.Options defaults = Formats.Options.defaults();
        return Formats.parse(format, new Formats.Options(block, defaults.rounding(), defaults.formatbook()));
    }

    private static String lanesProblem(int block, int lanes) {
        if (block > 1 && (block % lanes != 0 || Integer.bitCount(block / lanes) != 1)) {
            return "LANES = " + lanes + " does not divide the block of " + block + " into a power of two of chunks";
        }
        return null;
    }

    /** Typed access to the YAML tree with errors that name the file, the key and what is allowed. */
    private record Reader(Path file) {
        /** A value of the spec for an error: quoted only when the file is named as a spec. */
        String quote(String piece) {
            return dev.bdsim.io.InputFiles.quote(file, "sweep spec", piece);
        }

        void onlyKeys(JsonNode node, String prefix, List<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw new BadInputException(file + ": unknown key " + quote(prefix + k) + "; allowed here: " + allowed);
                }
            }
        }

        JsonNode mapping(JsonNode node, String key, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw new BadInputException(file + ": missing key '" + key + "'");
                }
                return null;
            }
            if (!v.isObject()) {
                throw new BadInputException(file + ": '" + key + "' must be a mapping");
            }
            return v;
        }

        private JsonNode value(JsonNode node, String path) {
            return node.get(path.substring(path.lastIndexOf('.') + 1));
        }

        String text(JsonNode node, String path, String fallback) {
            JsonNode v = value(node, path);
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    throw new BadInputException(file + ": missing key '" + path + "'");
                }
                return fallback;
            }
            if (!v.isValueNode()) {
                throw new BadInputException(file + ": '" + path + "' must be a single value");
            }
            return v.asText();
        }

        int integer(JsonNode node, String path, int fallback, int min, int max) {
            JsonNode v = value(node, path);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
                throw new BadInputException(file + ": '" + path + "' = " + quote(String.valueOf(v)) + " must be an integer in " + min + ".." + max);
            }
            return v.asInt();
        }

        private List<JsonNode> items(JsonNode node, String path) {
            JsonNode v = value(node, path);
            if (v == null || v.isNull()) {
                return null;
            }
            List<JsonNode> items = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(items::add);
            } else {
                items.add(v);
            }
            if (items.isEmpty()) {
                throw new BadInputException(file + ": '" + path + "' is an empty list; give at least one value");
            }
            return items;
        }

        List<String> strings(JsonNode node, String path, List<String> fallback) {
            List<JsonNode> items = items(node, path);
            if (items == null) {
                if (fallback == null) {
                    throw new BadInputException(file + ": missing key '" + path + "'");
                }
                return fallback;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode i : items) {
                if (!i.isValueNode()) {
                    throw new BadInputException(file + ": '" + path + "' must be a value or a list of values");
                }
                out.add(i.asText());
            }
            return out;
        }

        List<Integer> integers(JsonNode node, String path, List<Integer> fallback, int min, int max) {
            List<JsonNode> items = items(node, path);
            if (items == null) {
                return fallback;
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode i : items) {
                if (!i.isIntegralNumber() || !i.canConvertToInt() || i.asInt() < min || i.asInt() > max) {
                    throw new BadInputException(file + ": '" + path + "': " + quote(String.valueOf(i)) + " must be an integer in " + min + ".." + max);
                }
                out.add(i.asInt());
            }
            return out;
        }

        void check(String path, String value, Runnable parse, String allowed) {
            try {
                parse.run();
            } catch (BadInputException e) {
                throw new BadInputException(file + ": '" + path + "': " + quote(value) + " is not valid"
                        + (dev.bdsim.io.InputFiles.quotable(file, "sweep spec") ? " (" + e.getMessage().replaceAll("\\p{Cntrl}", "?") + ")" : "")
                        + "; allowed: " + allowed);
            }
        }
    }
}
