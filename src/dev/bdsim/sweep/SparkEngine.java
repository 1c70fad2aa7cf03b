package dev.bdsim.sweep;

import dev.bdsim.BadInputException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Sweep points as tasks on Apache Spark ({@code --master URL}: {@code local[N]}, {@code local-cluster[W,C,MB]},
 * {@code spark://HOST:PORT}). Spark lives in the module under {@code spark/}, loaded here in a class loader
 * of its own (its jackson, protobuf and guava never meet the core's); its executors evaluate each point
 * with {@link PointJobs} and the lines come back to this process, which writes the results file as
 * the local engine does.
 */
public final class SparkEngine implements SweepRunner.Engine {
    /** The module's jar and its {@code SPARK_HOME}, relative to the project. */
    public static final String MODULE_JAR = "spark/target/bdsim-spark.jar";
    public static final String SPARK_HOME = "spark/target/spark-home";

    /**
     * The JVM options a Spark driver needs on Java 17 and later (Spark's own launcher's, JavaModuleOptions); the
     * launcher {@code sim} reads them from {@link #main} when given {@code --master}.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final String master;

    /** Prints {@link #JVM_OPTIONS} on one line, for the launcher to start the driver's JVM with. */
    public static void main(String[] args) {
        System.out.println(String.join(" ", JVM_OPTIONS));
    }

    public SparkEngine(String master) {
        if (!master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]|spark://[^\\s/]+(:\\d+)?(,[^\\s/]+(:\\d+)?)*")) {
            throw new BadInputException("--master " + master + ": give local[N] (N threads), local-cluster[WORKERS,CORES,MB] (workers with "
                    + "executor JVMs of their own, on this machine) or spark://HOST:PORT (a standalone cluster's master)");
        }
        this.master = master;
    }

    @Override
    public String where(int threads) {
        return "Apache Spark, master " + master;
    }

    @Override
    public void run(SweepSpec spec, Path home, List<SweepSpec.Point> todo, int threads, Function<SweepSpec.Point, PointResult> here,
                    SweepRunner.Finished done) throws IOException, InterruptedException {
        Path jar = home.resolve(MODULE_JAR).toAbsolutePath();
        Path sparkHome = home.resolve(SPARK_HOME).toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new BadInputException("--master runs the points on Apache Spark, whose module is not built (" + jar + "); build it with "
                    + "mvn -q -B -f spark/pom.xml package (./sim does so itself when given --master)");
        }
        Path release = sparkHome.resolve("RELEASE");
        if (!Files.exists(release)) {
            // Spark's launcher takes a directory with this file for an installation whose jars/ are its class path
            Files.writeString(release, "Spark 4.2.0, the jars of bdsim's Spark module\n");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
            for (Path p : jars.sorted().toList()) {
                urls.add(p.toUri().toURL());
            }
        }
        Map<Integer, SweepSpec.Point> byIndex = new java.util.HashMap<>();
        todo.forEach(p -> byIndex.put(p.index(), p));
        int[] indices = todo.stream().mapToInt(SweepSpec.Point::index).toArray();
        String coreClassPath = coreClassPath();
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // kept open: Spark's and Hadoop's shutdown hooks load classes from it when the process ends
        URLClassLoader spark = new URLClassLoader("spark", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        try {
            Method run = spark.loadClass("dev.bdsim.spark.SparkPoints").getMethod("run", String.class, String.class, String.class,
                    String.class, String.class, String.class, String.class, int[].class, java.util.function.BiFunction.class);
            t.setContextClassLoader(spark);
            java.util.function.BiFunction<Integer, String, Boolean> sink = (index, line) -> {
                PointResult r = ResultsFile.read(line, byIndex.get(index));
                if (r == null) {
                    throw new IllegalStateException("point " + index + " came back from Spark as an unreadable line: " + line);
                }
                try {
                    return done.accept(r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            run.invoke(null, master, sparkHome.toString(), jar.toString(), coreClassPath, spec.file().toAbsolutePath().toString(),
                    home.toAbsolutePath().toString(), spec.sha256(), indices, sink);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException r && !r.getClass().getName().startsWith("org.apache.spark")) {
                throw r;
            }
            throw new BadInputException("the sweep on Spark (" + master + ") failed: " + rootMessage(cause));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spark module at " + jar + " does not fit this build: " + e, e);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** This process's class path as files: the executors load the core from the same paths. */
    private static String coreClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
    }
}
