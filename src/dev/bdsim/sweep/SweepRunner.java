package dev.bdsim.sweep;

import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.io.InputFiles;
import dev.bdsim.model.Weights;
import dev.bdsim.trace.RowSource;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.trace.Traces;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a sweep's points on a pool of threads and appends each result to the results file in point
 * order as soon as every earlier point is written, so the file is the same whatever the thread
 * count and an interrupted sweep resumes where its file ends.
 */
public final class SweepRunner {
    /** Told after each point is written: points done (all runs), points in the sweep, seconds this run. */
    public interface Progress {
        void update(int done, int total, double seconds);
    }

    /**
     * Where the points run: {@link #LOCAL} threads of this process, or a cluster ({@code ClusterEngine}). An engine hands each
     * finished point to {@code done}, in any order, from the calling thread, and stops when {@code done} returns false.
     */
    public interface Engine {
        void run(SweepSpec spec, Path home, List<SweepSpec.Point> todo, int threads, java.util.function.Function<SweepSpec.Point, PointResult> here,
                 Finished done) throws IOException, InterruptedException;

        /** Where the points run, for the user: e.g. "2 threads". */
        default String where(int threads) {
            return threads + " threads";
        }
    }

    /** Told each finished point; false stops the engine. */
    public interface Finished {
        boolean accept(PointResult r) throws IOException;
    }

    /** The points on a pool of {@code threads} threads of this process. */
    public static final Engine LOCAL = (spec, home, todo, threads, here, done) -> {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            CompletionService<PointResult> finished = new ExecutorCompletionService<>(pool);
            for (SweepSpec.Point p : todo) {
                finished.submit(() -> here.apply(p));
            }
            for (int i = 0; i < todo.size(); i++) {
                if (!done.accept(result(finished.take()))) {
                    return;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    };

    /** How a run ended: the results so far, how many points this run added, and whether the sweep is complete. */
    public record Outcome(SweepSpec spec, SweepSpec.Expansion expansion, List<PointResult> results, int added, boolean complete,
                          String replaced) {}

    private SweepRunner() {}

    /**
     * Runs the points {@code out} does not hold yet. {@code stopAfter} > 0 stops after that many new
     * points are written (as if the process were killed there; points finished but not yet
     * written are dropped).
     */
    public static Outcome run(SweepSpec spec, Path home, Path out, int threads, Progress progress, int stopAfter)
            throws IOException, InterruptedException {
        return run(spec, home, out, threads, progress, stopAfter, false);
    }

    /**
     * As {@link #run(SweepSpec, Path, Path, int, Progress, int)}; with {@code replaceStale}, results in {@code out}
     * of another spec, other inputs or another build are replaced instead of refused (the demo's own directory),
     * and {@link Outcome#replaced} says why.
     */
    public static Outcome run(SweepSpec spec, Path home, Path out, int threads, Progress progress, int stopAfter, boolean replaceStale)
            throws IOException, InterruptedException {
        return run(spec, home, out, Shard.WHOLE, threads, progress, stopAfter, replaceStale);
    }

    /** As above for one shard of the points: {@code out} holds that shard's results alone ({@link ShardMerge} joins shards). */
    public static Outcome run(SweepSpec spec, Path home, Path out, Shard shard, int threads, Progress progress, int stopAfter,
                              boolean replaceStale) throws IOException, InterruptedException {
        return run(spec, home, out, shard, LOCAL, threads, progress, stopAfter, replaceStale);
    }

    /** As above, the points run by {@code engine}; the results file is written here, in point order, as they finish. */
    public static Outcome run(SweepSpec spec, Path home, Path out, Shard shard, Engine engine, int threads, Progress progress, int stopAfter,
                              boolean replaceStale) throws IOException, InterruptedException {
        SweepSpec.Expansion expansion = spec.expand();
        Prepared prepared = prepare(spec, home);
        try (ResultsFile file = ResultsFile.open(out, spec, expansion.points(), shard, prepared.inputs(), replaceStale)) {
            return run(spec, home, expansion, file, prepared.evaluator(), engine, threads, progress, stopAfter);
        }
    }

    /** A sweep ready to evaluate: its products' tensors loaded, and every file its points read with its SHA-256. */
    record Prepared(PointEvaluator evaluator, Map<String, String> inputs) {}

    static Prepared prepare(SweepSpec spec, Path home) throws IOException {
        return prepare(spec, home, true);
    }

    /** {@code hashAll}: also elaborate every point's design to hash the files it reads (the driver's; an executor skips it). */
    static Prepared prepare(SweepSpec spec, Path home, boolean hashAll) throws IOException {
        List<SweepSpec.Point> points = spec.expand().points();
        Map<String, String> inputs = new TreeMap<>();
        List<PointEvaluator.Product> products = new java.util.ArrayList<>();
        if (spec.workload().isEmpty()) {
            products.add(load(spec, home, spec.weights(), spec.activations(), spec.weights(), 1, inputs, "traces."));
        } else {
            Path file = home.resolve(spec.workload());
            Workload workload = Workload.load(file);
            inputs.put(spec.workload(), InputFiles.sha256(file));
            for (Workload.Product p : workload.products()) {
                products.add(load(spec, home, p.name(), p.activations(), p.weights(), p.count(), inputs,
                        spec.workload() + ": product " + p.name() + ": "));
            }
        }
        PointEvaluator evaluator = new PointEvaluator(spec, home, List.copyOf(products));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SweepSpec.Point p : hashAll ? points : List.<SweepSpec.Point>of()) {
            if (seen.add(p.netlist() + " " + p.tech())) {
                evaluator.inputFiles(p).forEach((file, sha) -> inputs.put(InputFiles.nameInProject(home, file), sha));
            }
        }
        return new Prepared(evaluator, inputs);
    }

    private static Outcome run(SweepSpec spec, Path home, SweepSpec.Expansion expansion, ResultsFile file, PointEvaluator evaluator,
                               Engine engine, int threads, Progress progress, int stopAfter) throws IOException, InterruptedException {
        List<SweepSpec.Point> points = file.points();
        int start = file.results().size();
        if (start == points.size()) {
            file.writeCsv();
            return new Outcome(spec, expansion, file.results(), 0, true, file.replaced());
        }
        long began = System.nanoTime();
        Map<Integer, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            position.put(points.get(i).index(), i);
        }
        Map<Integer, PointResult> waiting = new TreeMap<>();
        int[] next = {start};
        boolean[] stopped = {false};
        // each point once: a point an engine hands over twice (a retried task) is the same result and is dropped
        engine.run(spec, home, points.subList(start, points.size()), threads, evaluator::evaluate, r -> {
            int at = position.get(r.point().index());
            if (at >= next[0]) {
                waiting.put(at, r);
            }
            while (waiting.containsKey(next[0])) {
                file.append(waiting.remove(next[0]));
                next[0]++;
                progress.update(next[0], points.size(), (System.nanoTime() - began) / 1e9);
                if (stopAfter > 0 && next[0] - start == stopAfter && next[0] < points.size()) {
                    stopped[0] = true;
                    return false;
                }
            }
            return next[0] < points.size();
        });
        int added = next[0] - start;
        if (stopped[0] || next[0] < points.size()) {
            file.writeCsv();
            return new Outcome(spec, expansion, file.results(), added, false, file.replaced());
        }
        file.writeCsv();
        return new Outcome(spec, expansion, file.results(), added, true, file.replaced());
    }

    /** One product's tensors: the first {@code tokens} activation rows and the first {@code weight_rows} weight rows, hashed into {@code inputs}. */
    private static PointEvaluator.Product load(SweepSpec spec, Path home, String name, String activationsFile, String weightsName, int count,
                                               Map<String, String> inputs, String where) throws IOException {
        Path activations = home.resolve(activationsFile);
        TensorSource source = Traces.open(activations.toString());
        Fp16Matrix x = source.readRows(0, Math.min(spec.tokens(), source.rows()));
        boolean model = weightsName.startsWith(Weights.MODEL_PREFIX);
        String w = model ? weightsName : home.resolve(weightsName).toString();
        Fp16Matrix weights = Weights.load(w, spec.weightRows());
        if (weights.cols() != x.cols()) {
            // found before the results directory is touched, not at the first point
            throw new dev.bdsim.BadInputException(spec.file() + ": " + where + "weights " + weightsName + " has K = " + weights.cols()
                    + " columns but " + (where.equals("traces.") ? "traces." : "") + "activations " + activationsFile + " has K = " + x.cols()
                    + "; Y = X·Wᵀ needs equal K");
        }
        inputs.put(activationsFile, InputFiles.sha256(Traces.file(activations.toString())));
        inputs.put(weightsName, model ? InputFiles.sha256(weights.rawBits()) : InputFiles.sha256(Traces.file(w)));
        return new PointEvaluator.Product(name, count, RowSource.of(x), weights);
    }

    private static PointResult result(Future<PointResult> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
