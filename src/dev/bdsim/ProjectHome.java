package dev.bdsim;

import java.nio.file.Path;

/** The project directory that shipped files (traces, netlists, specs, technology libraries) are relative to. */
public final class ProjectHome {
    private ProjectHome() {}

    /** $BDSIM_HOME (set by ./sim), else the working directory. */
    public static Path dir() {
        String home = System.getenv("BDSIM_HOME");
        return home != null ? Path.of(home) : Path.of("");
    }

    /**
     * A shipped file or folder, found from the project home whatever the working directory; written
     * relative (as the README shows it) when the working directory is the home.
     */
    public static Path file(String first, String... more) {
        Path relative = Path.of(first, more);
        Path home = dir().toAbsolutePath().normalize();
        return home.equals(Path.of("").toAbsolutePath().normalize()) ? relative : home.resolve(relative);
    }
}
