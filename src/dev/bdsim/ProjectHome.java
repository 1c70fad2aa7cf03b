package dev.bdsim;

import java.nio.file.Path;

/** The project directory that shipped files (traces, netlists, specs) are relative to. */
public final class ProjectHome {
    private ProjectHome() {}

    /** $BDSIM_HOME (set by ./sim), else the working directory. */
    public static Path dir() {
        String home = System.getenv("BDSIM_HOME");
        return home != null ? Path.of(home) : Path.of("");
    }
}
