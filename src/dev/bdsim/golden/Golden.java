package dev.bdsim.golden;

import dev.bdsim.BadInputException;
import dev.bdsim.ProjectHome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where golden files live and how a set of them is recorded and verified. */
public final class Golden {
    private Golden() {}

    public static Path defaultDir() {
        return ProjectHome.dir().resolve("traces").resolve("golden");
    }

    /** The golden files of a directory, by name. */
    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no golden directory; record the standard set with ./sim golden record");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".golden")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file's verification: the differences (empty when it agrees) and the fresh run. */
    public record Verdict(Path file, GoldenResult golden, GoldenResult now, List<String> differences) {
        public boolean agrees() {
            return differences.isEmpty();
        }
    }

    public static Verdict verify(Path file) {
        return verify(file, GoldenDiff.Options.EXACT);
    }

    public static Verdict verify(Path file, GoldenDiff.Options options) {
        GoldenResult golden = GoldenFile.read(file);
        GoldenResult now = GoldenRunner.run(golden.goldenCase(), ProjectHome.dir());
        return new Verdict(file, golden, now, GoldenDiff.compare(golden, now, options));
    }

    public static GoldenResult record(GoldenCase c, Path file) throws IOException {
        GoldenResult r = GoldenRunner.run(c, ProjectHome.dir());
        GoldenFile.write(file, r);
        return r;
    }
}
