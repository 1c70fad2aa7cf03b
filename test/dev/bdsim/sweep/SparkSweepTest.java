package dev.bdsim.sweep;

import dev.bdsim.testutil.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep on a real Spark cluster, {@code local-cluster[2,1,1024]}: two workers, each launching its
 * executor as a JVM of its own, the driver a process of its own (as {@code ./sim sweep --master} runs
 * it). An executor killed mid-sweep, or the driver killed and run again, still ends with every point
 * once and the results file of a run on local threads, byte for byte.
 */
class SparkSweepTest {
    static final String SPEC = """
            name: spark
            traces:
              activations: traces/layer0.attn_in.npy
              tokens: 24
              weights: minilm:layer.0.attention.self.query
              weight_rows: 48
            grid:
              format: [dialectfp4, mxfp4, nvfp4, int4, int8, fp16]
              lanes: [8, 16]
            """;
    static final String MASTER = "local-cluster[2,1,1024]";

    @TempDir
    static Path dir;
    static Path spec;
    static byte[] local;

    @BeforeAll
    static void buildTheModuleAndRunLocally() throws Exception {
        Path jar = Path.of(SparkEngine.MODULE_JAR);
        boolean stale = !Files.exists(jar);
        try (var sources = java.util.stream.Stream.of("spark/src", "spark/resources", "spark/pom.xml").map(Path::of).flatMap(SparkSweepTest::walk)) {
            for (Path p : sources.filter(Files::isRegularFile).toList()) {
                stale |= Files.exists(jar) && Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(jar)) > 0;
            }
        }
        if (stale) {
            Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-f", "spark/pom.xml", "package").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("spark-build.log").toFile()).start();
            boolean built = mvn.waitFor(15, TimeUnit.MINUTES) && mvn.exitValue() == 0;
            RequiredTool.require(built, "the Spark module does not build (Maven Central unreachable?): " + Files.readString(dir.resolve("spark-build.log")));
        }
        spec = Files.writeString(dir.resolve("spark.yaml"), SPEC);
        SweepRunner.run(SweepSpec.load(spec), Path.of(""), dir.resolve("local"), 2, (d, t, s) -> { }, 0);
        local = Files.readAllBytes(dir.resolve("local").resolve(ResultsFile.JSONL));
    }

    private static java.util.stream.Stream<Path> walk(Path p) {
        try {
            return Files.walk(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The driver: this build's CLI in a JVM of its own, as the launcher starts it for --master. */
    private static Process driver(Path out, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SparkEngine.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.bdsim.cli.Main", "sweep", spec.toString(), "--master", MASTER,
                "-o", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", Path.of(SparkEngine.SPARK_HOME).toAbsolutePath().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** Waits until the results file holds at least {@code points} points, or the driver ended. */
    private static void awaitPoints(Process driver, Path out, int points, Path log) throws Exception {
        Path file = out.resolve(ResultsFile.JSONL);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && driver.isAlive()) {
            if (Files.exists(file) && Files.readAllLines(file).size() > points) {
                return;
            }
            Thread.sleep(100);
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.contains(" INFO ")).toList();
        throw new AssertionError("the driver " + (driver.isAlive() ? "wrote fewer than " + points + " points in 5 minutes" : "ended early")
                + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }

    private static void finish(Process driver, Path log) throws Exception {
        assertTrue(driver.waitFor(10, TimeUnit.MINUTES), "the sweep did not finish");
        assertEquals(0, driver.exitValue(), Files.readString(log));
    }

    @Test
    void anExecutorKilledMidSweepLosesNoPointAndRepeatsNone() throws Exception {
        Path out = dir.resolve("killed-executor");
        Path log = dir.resolve("killed-executor.log");
        Process driver = driver(out, log);
        awaitPoints(driver, out, 2, log);
        List<ProcessHandle> executors = driver.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
        assertTrue(!executors.isEmpty(), "the workers launched executor JVMs");
        int before = Files.readAllLines(out.resolve(ResultsFile.JSONL)).size() - 1;
        executors.get(0).destroyForcibly();
        assertTrue(before < 12, "killed mid-sweep: " + before + " of 12 points written");
        finish(driver, log);
        assertTrue(Files.readString(log).contains("Lost executor"), "Spark saw the executor go and ran its tasks elsewhere");
        assertArrayEquals(local, Files.readAllBytes(out.resolve(ResultsFile.JSONL)), "every point once, as on local threads");
    }

    @Test
    void anUnknownMasterIsRefusedNamingTheForms() {
        dev.bdsim.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(dev.bdsim.BadInputException.class,
                () -> new SparkEngine("yarn://cluster"));
        assertTrue(e.getMessage().contains("--master yarn://cluster: give local[N]") && e.getMessage().contains("spark://HOST:PORT"),
                e.getMessage());
    }

    @Test
    void aKilledDriverRunAgainResumesToTheSameResults() throws Exception {
        Path out = dir.resolve("killed-driver");
        Path log = dir.resolve("killed-driver.log");
        Process driver = driver(out, log);
        awaitPoints(driver, out, 2, log);
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly().waitFor();
        int written = Files.readAllLines(out.resolve(ResultsFile.JSONL)).size() - 1;
        assertTrue(written >= 2 && written < 12, written + " points written before the kill");

        Process again = driver(out, dir.resolve("resumed.log"));
        finish(again, dir.resolve("resumed.log"));
        assertTrue(Files.readString(dir.resolve("resumed.log")).contains("resumed: " + written + " points were already in"),
                Files.readString(dir.resolve("resumed.log")));
        assertArrayEquals(local, Files.readAllBytes(out.resolve(ResultsFile.JSONL)));
    }
}
