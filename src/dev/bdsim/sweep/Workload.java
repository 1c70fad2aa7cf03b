package dev.bdsim.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bdsim.BadInputException;
import dev.bdsim.io.InputFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A named list of matrix products a model runs per token (README "Workloads"), e.g. every linear
 * layer of a transformer: each an activation trace times a weight tensor (a trace file or a model
 * weight, {@code minilm:NAME}), and how many times a token goes through it.
 */
public record Workload(Path file, String name, String description, List<Product> products) {
    public static final List<String> KEYS = List.of("name", "description", "products");
    public static final List<String> PRODUCT_KEYS = List.of("name", "activations", "weights", "count");

    /** One product: {@code activations · weightsᵀ}, {@code count} times per token. */
    public record Product(String name, String activations, String weights, int count) {}

    public static Workload load(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, "workload", 1L << 20);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the workload (" + e.getMessage() + "); traces.workload names a file such as "
                    + "rtl-models/workloads/minilm.yaml");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": a workload is a YAML mapping with the keys " + KEYS);
        }
        onlyKeys(file, root, "", KEYS);
        String name = root.path("name").asText("");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new BadInputException(file + ": 'name' = '" + name + "' is not a workload name: letters, digits, '.', '_' and '-'");
        }
        JsonNode list = root.path("products");
        if (!list.isArray() || list.isEmpty()) {
            throw new BadInputException(file + ": 'products' must be a list of {name, activations, weights, count}");
        }
        List<Product> products = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String where = "products[" + i + "]";
            if (!p.isObject()) {
                throw new BadInputException(file + ": " + where + " must be a mapping {name, activations, weights, count}");
            }
            onlyKeys(file, p, where + ".", PRODUCT_KEYS);
            for (String key : List.of("name", "activations", "weights")) {
                if (!p.path(key).isTextual() || p.path(key).asText().isBlank()) {
                    throw new BadInputException(file + ": " + where + "." + key + " is missing; every product names its " + PRODUCT_KEYS);
                }
            }
            JsonNode count = p.path("count");
            if (!count.isMissingNode() && (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1)) {
                throw new BadInputException(file + ": " + where + ".count = " + count + " must be a whole number of at least 1");
            }
            String productName = p.path("name").asText();
            if (!names.add(productName)) {
                throw new BadInputException(file + ": " + where + ": a second product named '" + productName + "'; names are unique");
            }
            products.add(new Product(productName, p.path("activations").asText(), p.path("weights").asText(),
                    count.isMissingNode() ? 1 : count.asInt()));
        }
        return new Workload(file, name, root.path("description").asText(""), List.copyOf(products));
    }

    private static void onlyKeys(Path file, JsonNode node, String prefix, List<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new BadInputException(file + ": unknown key '" + prefix + key + "'; allowed here: " + allowed);
            }
        }
    }
}
