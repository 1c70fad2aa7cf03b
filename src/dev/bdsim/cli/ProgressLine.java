package dev.bdsim.cli;

import java.io.PrintWriter;

import static dev.bdsim.cli.CostTables.fmt;

/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal, or a plain line per
 * tenth of the work when stderr is a file or a pipe. Work that ends within {@link #QUIET_SECONDS}
 * (the system property {@code bdsim.progress.quiet}, in seconds, overrides it) prints nothing,
 * unless the caller asks to be shown from the start (a sweep).
 */
final class ProgressLine {
    static final double QUIET_SECONDS = 2.0;
    private final PrintWriter err;
    private final String unit;
    private final boolean terminal = System.console() != null;
    private final boolean fromStart;
    private final long began = System.nanoTime();
    private int lastDecile = -1;
    private boolean drawn;

    ProgressLine(PrintWriter err, String unit, boolean fromStart) {
        this.err = err;
        this.unit = unit;
        this.fromStart = fromStart;
    }

    /** A quiet start: shown once the work has taken a few seconds. */
    ProgressLine(PrintWriter err, String unit) {
        this(err, unit, false);
    }

    private static double quietSeconds() {
        try {
            return Double.parseDouble(System.getProperty("bdsim.progress.quiet", Double.toString(QUIET_SECONDS)));
        } catch (NumberFormatException e) {
            return QUIET_SECONDS;
        }
    }

    synchronized void update(long done, long total) {
        double seconds = (System.nanoTime() - began) / 1e9;
        if (total <= 0 || !fromStart && seconds < quietSeconds() && !drawn) {
            return;
        }
        int decile = (int) (done * 10 / total);
        if (!terminal && decile == lastDecile && done != total) {
            return;
        }
        lastDecile = decile;
        int width = 30;
        int filled = (int) (done * width / total);
        double rate = seconds > 0 ? done / seconds : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        String line = fmt("[%s%s] %,d/%,d %s, %.2f %s/s, ETA %d:%02d", "#".repeat(filled), ".".repeat(width - filled),
                done, total, unit, rate, unit, eta / 60, eta % 60);
        err.print(terminal ? "\r" + line : line + "\n");
        err.flush();
        drawn = true;
    }

    void finish() {
        if (terminal && drawn) {
            err.println();
        }
        err.flush();
    }
}
