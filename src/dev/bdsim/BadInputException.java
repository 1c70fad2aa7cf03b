package dev.bdsim;

/**
 * A problem with something the user supplied (a trace, a formatbook, an option). The message
 * names the file, the place and the fix; the command line prints it without a stack trace.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
