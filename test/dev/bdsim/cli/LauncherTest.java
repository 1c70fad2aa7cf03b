package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code sim} launcher in a copy of the project layout, with {@code mvn} and {@code java} on the
 * PATH replaced by scripts that record their calls: it builds when a packaged source changed, once,
 * and not for files it reads at run time.
 */
class LauncherTest {
    @TempDir
    Path project;

    @Test
    void buildsOnceAfterASourceChangeAndNotForRunTimeFiles() throws Exception {
        Files.copy(Path.of("sim"), project.resolve("sim"));
        Path bin = Files.createDirectories(project.resolve("bin"));
        script(bin.resolve("mvn"), "echo build >> \"" + project.resolve("calls") + "\"");
        script(bin.resolve("java"), "echo run >> \"" + project.resolve("calls") + "\"");
        Path source = file("src/dev/bdsim/A.java");
        Path pom = file("pom.xml");
        Path formatbook = file("rtl-models/formatbooks/dialectfp4.fbk");
        Path stimulus = file("rtl-models/examples/x.stim");
        Path jar = file("target/bdsim.jar");
        for (Path p : List.of(source, pom, formatbook, stimulus)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));

        assertEquals(List.of("run"), sim(), "an up-to-date jar runs without a build");
        Files.setLastModifiedTime(stimulus, FileTime.from(Instant.now()));
        assertEquals(List.of("run"), sim(), "a file read at run time does not rebuild");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
        assertEquals(List.of("build", "run"), sim(), "a changed source builds");
        assertEquals(List.of("run"), sim(), "and only once, though Maven left the jar untouched");
        Files.setLastModifiedTime(formatbook, FileTime.from(Instant.now()));
        assertEquals(List.of("build", "run"), sim(), "the packaged formatbook builds");
        assertEquals(List.of("run"), sim());
    }

    private List<String> sim() throws Exception {
        Path calls = project.resolve("calls");
        Files.deleteIfExists(calls);
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("sim").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("PATH", project.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return Files.readAllLines(calls);
    }

    private Path file(String name) throws Exception {
        Path p = project.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
        return p;
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(Files.isExecutable(file));
    }
}
