package dev.bdsim.io;

import com.google.common.hash.Hashing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The input files a piece of work reads (netlists and their imports, formatbooks, lookup tables,
 * technology libraries), each with the SHA-256 of the bytes read, so a result can name what it was
 * computed from. The readers report every file; only work run inside {@link #recording} collects them.
 */
public final class InputFiles {
    private static final ThreadLocal<Map<String, String>> RECORDING = new ThreadLocal<>();

    private InputFiles() {}

    /** Runs {@code work} on this thread, adding every input file it reads to {@code into} (name → sha256). */
    public static <T> T recording(Map<String, String> into, Supplier<T> work) {
        Map<String, String> outer = RECORDING.get();
        RECORDING.set(into);
        try {
            return work.get();
        } finally {
            RECORDING.set(outer);
        }
    }

    /** Reports that {@code file} was read with this content. */
    public static void read(java.nio.file.Path file, byte[] content) {
        Map<String, String> into = RECORDING.get();
        if (into != null) {
            into.put(file.normalize().toString(), sha256(content));
        }
    }

    public static void read(java.nio.file.Path file, String text) {
        read(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] content) {
        return Hashing.sha256().hashBytes(content).toString();
    }
}
