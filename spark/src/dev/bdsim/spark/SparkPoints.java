package dev.bdsim.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Sweep points as Apache Spark tasks: one job of one task per point, a window of them in flight,
 * each point's results-file line handed back in point order. The tasks run the core's
 * {@code dev.bdsim.sweep.PointJobs} in a class loader of their own on every executor, so Spark's
 * dependencies and the core's never share a class path; the executor keeps the loader, and with it
 * the traces and weights the core loaded, for all its tasks.
 */
public final class SparkPoints {
    private SparkPoints() {}

    /**
     * Runs the points {@code indices} of the spec on {@code master}; {@code sink} hears each point's
     * line in the order given and stops the run by returning false. {@code sparkHome}: the directory
     * whose {@code jars/} Spark's workers start executors from; {@code appJar}: this module's jar,
     * shipped to the executors; {@code coreClassPath}: the core's jars, the same path on every machine.
     */
    public static void run(String master, String sparkHome, String appJar, String coreClassPath, String specFile, String home, String specSha,
                           int[] indices, BiFunction<Integer, String, Boolean> sink) throws Exception {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("bdsim sweep").setSparkHome(sparkHome).setJars(new String[] {appJar})
                .set("spark.ui.enabled", "false")
                // the project's shipped files (technology libraries, netlists) are found from its home on every executor
                .setExecutorEnv("BDSIM_HOME", home)
                // a task lost with its executor is run again elsewhere; a point that fails for itself fails the sweep
                .set("spark.task.maxFailures", "4");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            int window = Math.max(2, 2 * sc.defaultParallelism());
            Evaluate evaluate = new Evaluate(coreClassPath, specFile, home, specSha);
            ArrayDeque<JavaFutureAction<List<String>>> running = new ArrayDeque<>();
            ArrayDeque<Integer> order = new ArrayDeque<>();
            int next = 0;
            while (next < indices.length || !running.isEmpty()) {
                while (running.size() < window && next < indices.length) {
                    running.add(sc.parallelize(List.of(indices[next]), 1).map(evaluate).collectAsync());
                    order.add(indices[next++]);
                }
                String line = running.poll().get().get(0);
                if (!sink.apply(order.poll(), line)) {
                    running.forEach(f -> f.cancel(true));
                    return;
                }
            }
        }
    }

    /** A point's evaluation on an executor: the core's {@code PointJobs.evaluate}, through the executor's loader of the core. */
    static final class Evaluate implements Function<Integer, String> {
        private static final long serialVersionUID = 1L;
        private static final Map<String, Method> CORE = new ConcurrentHashMap<>();
        private final String coreClassPath;
        private final String specFile;
        private final String home;
        private final String specSha;

        Evaluate(String coreClassPath, String specFile, String home, String specSha) {
            this.coreClassPath = coreClassPath;
            this.specFile = specFile;
            this.home = home;
            this.specSha = specSha;
        }

        @Override
        public String call(Integer index) throws Exception {
            Method evaluate = CORE.computeIfAbsent(coreClassPath, Evaluate::load);
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(evaluate.getDeclaringClass().getClassLoader());
            try {
                return (String) evaluate.invoke(null, specFile, home, specSha, index);
            } catch (InvocationTargetException e) {
                // the core's own message (a bad input, a failed check) reaches the driver as the task's failure; the core's
                // exception classes are not the driver's, so only its text travels
                java.io.StringWriter trace = new java.io.StringWriter();
                e.getCause().printStackTrace(new java.io.PrintWriter(trace));
                throw new IllegalStateException(e.getCause() + "\n" + trace);
            } finally {
                t.setContextClassLoader(before);
            }
        }

        private static Method load(String classPath) {
            List<URL> urls = new ArrayList<>();
            for (String entry : classPath.split(File.pathSeparator)) {
                try {
                    urls.add(new File(entry).toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("core class path entry " + entry + ": " + e.getMessage(), e);
                }
            }
            try {
                ClassLoader core = new URLClassLoader("bdsim core", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
                return core.loadClass("dev.bdsim.sweep.PointJobs").getMethod("evaluate", String.class, String.class, String.class, int.class);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the core's classes are not at " + classPath + " on this executor: " + e, e);
            }
        }
    }
}
