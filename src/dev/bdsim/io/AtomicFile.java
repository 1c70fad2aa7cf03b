package dev.bdsim.io;

import dev.bdsim.BadInputException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary sibling that replaces it only when complete, so a failed or
 * interrupted run never leaves a half-written result. A special file (a device such as
 * {@code /dev/null}, a pipe) is written directly, never replaced. A target that cannot be written
 * (a directory, a read-only place, a full disk) is a bad-input error naming the file.
 */
public final class AtomicFile {
    public interface Body<T> {
        void write(T out) throws IOException;
    }

    private AtomicFile() {
    }

    public static void writeBytes(Path file, Body<OutputStream> body) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory; give a file name to write");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                body.write(out);
            } catch (IOException e) {
                throw cannotWrite(file, e);
            }
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed, and says so
            }
        }
    }

    /** Creates a results directory, or says clearly why it cannot be one. */
    public static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new BadInputException(dir + " exists and is not a directory; give a directory for the output");
        } catch (IOException e) {
            throw cannotWrite(dir, e);
        }
    }

    /** A write that failed, as one line naming the file and why (no permission, no space, ...). */
    public static BadInputException cannotWrite(Path file, IOException e) {
        String why;
        if (e instanceof java.nio.file.AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            why = "no such directory";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            why = f.getFile() + " exists and is not a directory";
        } else if (e.getMessage() != null && e.getMessage().contains("No space left")) {
            why = "no space left on the device";
        } else if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else {
            why = e.getMessage() == null ? "an I/O error" : e.getMessage();
        }
        return new BadInputException("cannot write " + file + " (" + why + ")");
    }

    public static void writeText(Path file, Body<Writer> body) throws IOException {
        writeBytes(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.write(w);
            w.flush();
        });
    }
}
