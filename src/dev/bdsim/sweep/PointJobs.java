package dev.bdsim.sweep;

import dev.bdsim.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One sweep point evaluated by index, for engines that run points in other processes (a Spark
 * executor): the spec is read and its traces and weights loaded once per process, and the result
 * comes back as its results-file line.
 */
public final class PointJobs {
    private record Loaded(List<SweepSpec.Point> points, PointEvaluator evaluator) {}

    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    private PointJobs() {}

    /**
     * The results-file line of point {@code index} of the spec at {@code specFile} (its inputs under
     * {@code home}); refused when the spec here is not the one the driver runs ({@code specSha256}).
     */
    public static String evaluate(String specFile, String home, String specSha256, int index) {
        Loaded loaded = LOADED.computeIfAbsent(specFile + "\n" + home + "\n" + specSha256, key -> load(specFile, home, specSha256));
        return ResultsFile.line(loaded.evaluator().evaluate(loaded.points().get(index)));
    }

    private static Loaded load(String specFile, String home, String specSha256) {
        SweepSpec spec = SweepSpec.load(Path.of(specFile));
        if (!spec.sha256().equals(specSha256)) {
            throw new BadInputException(specFile + " differs on this machine from the spec the sweep's driver runs; give every machine the "
                    + "same project files");
        }
        try {
            return new Loaded(spec.expand().points(), SweepRunner.prepare(spec, Path.of(home), false).evaluator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
