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

    /** The most a text input (netlist, stimulus, spec, formatbook, table, technology library, golden file) may hold. */
    public static final long MAX_TEXT_BYTES = 64L << 20;

    /**
     * Reads a text input file as UTF-8 (a leading byte-order mark is dropped), reporting it as read.
     * Only regular files of at most {@link #MAX_TEXT_BYTES} are read: a directory, a device or a pipe
     * never hangs or exhausts memory, it is a bad-input error naming the file. A missing file or bad
     * UTF-8 is an {@link java.io.IOException} the caller words for its kind of file.
     */
    public static String readText(java.nio.file.Path file, String kind) throws java.io.IOException {
        return readText(file, kind, MAX_TEXT_BYTES);
    }

    /** As {@link #readText(java.nio.file.Path, String)}, for a kind of file that is at most {@code limit} bytes. */
    public static String readText(java.nio.file.Path file, String kind, long limit) throws java.io.IOException {
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isRegularFile(file)) {
            throw new dev.bdsim.BadInputException(file + ": not a regular file; give a " + kind + " file");
        }
        long size = java.nio.file.Files.size(file);
        if (size > limit) {
            throw new dev.bdsim.BadInputException(file + ": " + size + " bytes is more than a " + kind + " file may hold ("
                    + (limit >> 20) + " MiB)");
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        read(file, bytes);
        String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * A piece of an input file for an error message: at most 24 characters, control characters as
     * '?', so an error never echoes a file's lines or a terminal escape.
     */
    public static String excerpt(String text) {
        String t = text.length() > 24 ? text.substring(0, 24) + "…" : text;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** The file name endings of each kind of input whose text an error message may quote. */
    private static final Map<String, java.util.List<String>> ENDINGS = Map.of(
            "netlist", java.util.List.of(".bdn"),
            "stimulus", java.util.List.of(".stim"),
            "formatbook", java.util.List.of(".fbk"),
            "technology library", java.util.List.of(".tech"),
            "golden", java.util.List.of(".golden"),
            "lookup table", java.util.List.of(".lut", ".hex", ".mem"),
            "sweep spec", java.util.List.of(".yaml", ".yml"),
            "trace", java.util.List.of(".npy", ".safetensors"),
            "liberty", java.util.List.of(".lib"),
            "output stream", java.util.List.of(".csv", ".golden"));

    /**
     * Whether an error may quote a piece of {@code file}: only when it is named as that kind of input
     * ({@code .stim} for a stimulus, {@code .bdn} for a netlist, …, after following links), so a file
     * given or imported by mistake or on purpose ({@code --stimulus /etc/shadow}) never has its
     * content echoed.
     */
    public static boolean quotable(java.nio.file.Path file, String kind) {
        java.util.List<String> endings = ENDINGS.get(kind);
        if (endings == null) {
            throw new IllegalArgumentException("no file name endings for input kind " + kind);
        }
        java.nio.file.Path real = file;
        try {
            real = file.toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            // a file that cannot be resolved is judged by the name it was given
        }
        java.nio.file.Path name = real.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(java.util.Locale.ROOT);
        return endings.stream().anyMatch(n::endsWith);
    }

    /**
     * A piece of an input file for an error message: {@code 'excerpt'} when the file may be quoted
     * ({@link #quotable}), otherwise a note that its text is not shown.
     */
    public static String quote(java.nio.file.Path file, String kind, String piece) {
        return quotable(file, kind) ? "'" + excerpt(piece) + "'" : notShown(kind);
    }

    /** {@link #quote} for one file. */
    public static java.util.function.UnaryOperator<String> quoter(java.nio.file.Path file, String kind) {
        boolean quotable = quotable(file, kind);
        return piece -> quotable ? "'" + excerpt(piece) + "'" : notShown(kind);
    }

    /** What an error says instead of a piece of a file that is not named as a {@code kind} file. */
    public static String notShown(String kind) {
        return "[not shown: not a " + String.join(" or ", ENDINGS.get(kind)) + " file]";
    }

    /** The SHA-256 of a file's bytes, read as a stream (a trace may be large). */
    public static String sha256(java.nio.file.Path file) throws java.io.IOException {
        return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString();
    }

    /** The SHA-256 of FP16 bits (a weight tensor read from the model rather than from a file). */
    public static String sha256(short[] bits) {
        com.google.common.hash.Hasher h = Hashing.sha256().newHasher();
        for (short b : bits) {
            h.putShort(b);
        }
        return h.hash().toString();
    }

    /** A file as results name it: relative to the project home when it lies inside it, so results do not depend on where the project is. */
    public static String nameInProject(java.nio.file.Path home, String file) {
        java.nio.file.Path f = java.nio.file.Path.of(file).toAbsolutePath().normalize();
        java.nio.file.Path h = home.toAbsolutePath().normalize();
        return f.startsWith(h) ? h.relativize(f).toString() : file;
    }

    public static String sha256(byte[] content) {
        return Hashing.sha256().hashBytes(content).toString();
    }
}
