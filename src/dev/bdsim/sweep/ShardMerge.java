package dev.bdsim.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bdsim.BadInputException;
import dev.bdsim.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the results directories of a sweep's shards ({@code --shard I/N}) into the results file
 * the whole sweep run on one machine writes, byte for byte: the shards must be of one spec, one
 * build and the same inputs, every shard of the split present once and each complete.
 */
public final class ShardMerge {
    static final String SHARD = "shard";
    static final String SHARD_POINTS = "shard_points";
    static final String SPEC = "spec";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardMerge() {}

    /** The merged sweep: the spec file the shards were run from, the number of shards and of points. */
    public record Merged(Path spec, int shards, int points) {}

    private record ShardDir(Path dir, ObjectNode header, Shard shard, List<String> lines) {}

    /** Checks the shards in {@code dirs} and writes the whole sweep's {@code results.jsonl} into {@code out}. */
    public static Merged merge(List<Path> dirs, Path out) throws IOException {
        if (dirs.isEmpty()) {
            throw new BadInputException("sweep merge: give the shards' result directories");
        }
        List<ShardDir> shards = new ArrayList<>();
        for (Path dir : dirs) {
            shards.add(read(dir));
        }
        ShardDir first = shards.get(0);
        Map<Integer, ShardDir> byIndex = new TreeMap<>();
        for (ShardDir s : shards) {
            String difference = difference(first, s);
            if (difference != null) {
                throw new BadInputException("sweep merge: " + s.dir() + " and " + first.dir() + " " + difference + "; merge shards of one run only");
            }
            ShardDir twice = byIndex.put(s.shard().index(), s);
            if (twice != null) {
                throw new BadInputException("sweep merge: " + twice.dir() + " and " + s.dir() + " both hold shard " + s.shard()
                        + "; give each shard once");
            }
        }
        int count = first.shard().count();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                throw new BadInputException("sweep merge: shard " + new Shard(i, count) + " is missing; give the directories of all " + count
                        + " shards (run it with --shard " + new Shard(i, count) + " if it has not run)");
            }
        }
        int points = first.header().path("points").asInt();
        String[] lines = new String[points];
        for (ShardDir s : shards) {
            for (String line : s.lines()) {
                lines[JSON.readTree(line).path("point").asInt()] = line;
            }
        }
        ObjectNode whole = first.header().deepCopy();
        whole.remove(List.of(SHARD, SHARD_POINTS, SPEC));
        Path results = out.resolve(ResultsFile.JSONL);
        if (Files.exists(results)) {
            throw new BadInputException("sweep merge: " + results + " exists; remove " + out + " or choose another -o");
        }
        AtomicFile.createDirectories(out);
        StringBuilder text = new StringBuilder(whole.toString()).append('\n');
        for (String line : lines) {
            text.append(line).append('\n');
        }
        AtomicFile.writeText(results, w -> w.write(text.toString()));
        return new Merged(Path.of(first.header().path(SPEC).asText()), count, points);
    }

    /** The spec hash in a results directory's header line. */
    public static String specSha256(Path dir) throws IOException {
        String first = Files.readString(dir.resolve(ResultsFile.JSONL), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        JsonNode h = parse(first);
        return h == null ? "" : h.path("spec_sha256").asText();
    }

    private static ShardDir read(Path dir) throws IOException {
        Path file = dir.resolve(ResultsFile.JSONL);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("sweep merge: " + dir + " holds no " + ResultsFile.JSONL + "; give the directories that "
                    + "./sim sweep SPEC --shard I/N -o DIR wrote");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.endsWith("\n") && !lines.isEmpty()) {
            lines.remove(lines.size() - 1); // a torn last line: the shard did not finish writing it
        }
        JsonNode header = lines.isEmpty() ? null : parse(lines.get(0));
        if (!(header instanceof ObjectNode h) || !h.has("spec_sha256")) {
            throw new BadInputException("sweep merge: " + file + " does not start with a sweep's header line; it is not a sweep's results");
        }
        if (!h.has(SHARD)) {
            throw new BadInputException("sweep merge: " + dir + " holds a whole sweep, not a shard; only the outputs of --shard I/N runs merge");
        }
        Shard shard = Shard.parse(h.path(SHARD).asText());
        List<String> results = lines.subList(1, lines.size());
        int expected = h.path(SHARD_POINTS).asInt();
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = parse(results.get(i));
            if (r == null || r.path("point").asInt(-1) != shard.index() + i * shard.count()) {
                throw new BadInputException("sweep merge: " + file + " line " + (i + 2) + " is not the result of point "
                        + (shard.index() + i * shard.count()) + "; re-run the shard into a fresh directory");
            }
        }
        if (results.size() != expected) {
            throw new BadInputException("sweep merge: " + dir + " holds " + results.size() + " of the " + expected + " points of shard "
                    + shard + "; finish it first (run the same ./sim sweep ... --shard " + shard + " -o " + dir + " again: it resumes)");
        }
        return new ShardDir(dir, h, shard, List.copyOf(results));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /** How two shards' headers differ in what must be equal, or null. */
    private static String difference(ShardDir a, ShardDir b) {
        JsonNode x = a.header();
        JsonNode y = b.header();
        if (!x.path("sweep").equals(y.path("sweep")) || !x.path("spec_sha256").equals(y.path("spec_sha256"))) {
            return "are shards of different sweeps (" + describe(y) + " against " + describe(x) + ")";
        }
        if (!x.path("code_sha256").equals(y.path("code_sha256"))) {
            return "were computed by different builds of bdsim (code " + prefix(y.path("code_sha256")) + " against "
                    + prefix(x.path("code_sha256")) + ")";
        }
        if (a.shard().count() != b.shard().count()) {
            return "split the sweep differently (shard " + b.shard() + " against " + a.shard() + ")";
        }
        if (!x.path("inputs").equals(y.path("inputs"))) {
            for (var it = y.path("inputs").fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().equals(x.path("inputs").path(e.getKey()))) {
                    return "read different versions of " + e.getKey() + " (SHA-256 " + prefix(e.getValue()) + " against "
                            + prefix(x.path("inputs").path(e.getKey())) + ")";
                }
            }
            return "read different input files";
        }
        return null;
    }

    private static String describe(JsonNode header) {
        return "sweep " + header.path("sweep").asText() + " from " + header.path(SPEC).asText() + ", spec " + prefix(header.path("spec_sha256"));
    }

    private static String prefix(JsonNode sha) {
        String s = sha.asText("");
        return s.isEmpty() ? "not recorded" : s.substring(0, Math.min(12, s.length())) + "…";
    }
}
