package dev.bdsim;

/** A simulated result and its reference disagree (a `--check` or a golden file): exit code 3. */
public final class CheckFailedException extends RuntimeException {
    public CheckFailedException(String message) {
        super(message);
    }
}
