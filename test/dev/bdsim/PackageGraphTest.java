package dev.bdsim;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The packages of src/ form a directed acyclic graph, counting imports and inline qualified names alike. */
class PackageGraphTest {
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.bdsim\\.([a-z][a-z0-9]*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.bdsim(?:\\.([a-z][a-z0-9]*))?;", Pattern.MULTILINE);

    /** Package → the packages its classes refer to; the root package is "". */
    static Map<String, Set<String>> graph(Path sources) throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                assertTrue(pm.find(), f + " has no dev.bdsim package");
                String own = pm.group(1) == null ? "" : pm.group(1);
                Set<String> refs = g.computeIfAbsent(own, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        refs.add(m.group(1));
                    }
                }
            }
        }
        return g;
    }

    /** A cycle of the graph as a path that ends where it starts, or an empty list. */
    static List<String> cycle(Map<String, Set<String>> g) {
        Map<String, Integer> state = new TreeMap<>();
        for (String start : g.keySet()) {
            List<String> found = visit(g, start, state, new ArrayDeque<>());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(Map<String, Set<String>> g, String node, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        path.addLast(node);
        if (s != null) {
            List<String> p = new ArrayList<>(path);
            return p.subList(p.indexOf(node), p.size());
        }
        state.put(node, 1);
        for (String next : g.getOrDefault(node, Set.of())) {
            List<String> found = visit(g, next, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        state.put(node, 2);
        path.removeLast();
        return List.of();
    }

    @Test
    void thePackagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> g = graph(Path.of("src"));
        assertTrue(g.size() > 10, "the scan found the packages: " + g.keySet());
        assertEquals(List.of(), cycle(g), "package cycle");
    }

    @Test
    void theCheckFindsAPlantedCycle(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/A.java"), "package dev.bdsim.a;\nimport dev.bdsim.b.B;\nclass A {}\n");
        Files.writeString(dir.resolve("b/B.java"), "package dev.bdsim.b;\nclass B { Object x = new dev.bdsim.a.A(); }\n");
        assertEquals(List.of("a", "b", "a"), cycle(graph(dir)));
    }
}
