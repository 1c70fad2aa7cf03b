package dev.bdsim.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bdsim.BadInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The traces shipped in {@code traces/} and their {@code manifest.json}: every tensor with its
 * shape, checksum and the weights (model initializers) it multiplies.
 */
public record ShippedTraces(Path dir, JsonNode manifest, List<Entry> tensors) {
    public static final String MANIFEST = "manifest.json";

    /** A linear layer the activation feeds: its name and the model initializer holding W [K][N]. */
    public record Linear(String name, String initializer) {}

    /** A shipped tensor: the input of {@code linears}, or (no linears) an attention operand entering {@code product}. */
    public record Entry(String name, Path path, int rows, int cols, String sha256, List<Linear> linears, String product) {}

    /** The project's {@code traces/} directory: under $BDSIM_HOME (set by ./sim), else the working directory. */
    public static Path defaultDir() {
        return dev.bdsim.ProjectHome.dir().resolve("traces");
    }

    public static ShippedTraces load() {
        return load(defaultDir());
    }

    public static ShippedTraces load(Path dir) {
        Path file = dir.resolve(MANIFEST);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read trace manifest (" + e.getMessage() + "); regenerate it with ./sim capture");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode t : root.path("tensors")) {
            List<Linear> linears = new ArrayList<>();
            for (JsonNode l : t.path("weights")) {
                linears.add(new Linear(l.path("linear").asText(), l.path("initializer").asText()));
            }
            entries.add(new Entry(t.path("name").asText(), dir.resolve(t.path("file").asText()), t.path("shape").get(0).asInt(),
                    t.path("shape").get(1).asInt(), t.path("sha256").asText(), linears, t.path("product").asText("")));
        }
        if (entries.isEmpty()) {
            throw new BadInputException(file + ": lists no tensors; regenerate it with ./sim capture");
        }
        return new ShippedTraces(dir, root, entries);
    }

    /** The tensors that feed linear layers (activation x weight products). */
    public List<Entry> linearInputs() {
        return tensors.stream().filter(e -> !e.linears().isEmpty()).toList();
    }

}
