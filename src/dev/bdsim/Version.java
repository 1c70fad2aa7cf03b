package dev.bdsim;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The product's name and version, as `sim --version` and reports print it, and the identity of the code that runs. */
public final class Version {
    public static final String NAME = "bdsim 0.1.0";

    private static String codeSha256;

    private Version() {}

    /**
     * The SHA-256 of this build's classes (every {@code dev/bdsim} class file, by name, in the jar or
     * the classes directory it runs from): results record it, so results of another build, whose
     * model may differ, are never resumed into.
     */
    public static synchronized String codeSha256() {
        if (codeSha256 == null) {
            try {
                Path where = Path.of(Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                TreeMap<String, byte[]> classes = Files.isDirectory(where) ? fromDirectory(where) : fromJar(where);
                Hasher h = Hashing.sha256().newHasher();
                classes.forEach((name, bytes) -> h.putString(name, StandardCharsets.UTF_8).putInt(bytes.length).putBytes(bytes));
                codeSha256 = h.hash().toString();
            } catch (IOException | java.net.URISyntaxException | SecurityException e) {
                throw new IllegalStateException("cannot read the product's own classes: " + e.getMessage(), e);
            }
        }
        return codeSha256;
    }

    private static TreeMap<String, byte[]> fromDirectory(Path root) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        Path base = root.resolve("dev").resolve("bdsim");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base)) {
            walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
        }
        for (Path p : files) {
            out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
        return out;
    }

    private static TreeMap<String, byte[]> fromJar(Path jar) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("dev/bdsim/") && entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        out.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }
}
