package dev.bdsim.io;

import dev.bdsim.BadInputException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External tools (Icarus Verilog, Verilator, Yosys): whether they are installed, and running one. */
public final class Processes {
    private Processes() {}

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} in {@code dir}; its output, or a bad-input error with the first 20 lines when it fails or has not
     * finished in 30 minutes (then it is stopped, with what it started).
     */
    public static String exec(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "exec", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished;
        try {
            finished = p.waitFor(30, TimeUnit.MINUTES);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (!finished || p.exitValue() != 0) {
            throw new BadInputException(String.join(" ", command) + (finished ? " failed" : " did not finish in 30 minutes") + " in " + dir
                    + ":\n" + out.lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
        }
        return out;
    }
}
