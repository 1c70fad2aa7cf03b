package dev.bdsim.trace;

import dev.bdsim.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a trace named on the command line: {@code file.npy}, {@code file.safetensors} or {@code file.safetensors:tensor}. */
public final class Traces {
    private Traces() {}

    /** The file a trace spec reads: the spec itself, or the file of {@code FILE.safetensors:TENSOR}. */
    public static Path file(String spec) {
        int sep = spec.lastIndexOf(".safetensors:");
        return Path.of(sep >= 0 ? spec.substring(0, sep + ".safetensors".length()) : spec);
    }

    public static TensorSource open(String spec) {
        String path = spec;
        String tensor = null;
        int sep = spec.lastIndexOf(".safetensors:");
        if (sep >= 0) {
            path = spec.substring(0, sep + ".safetensors".length());
            tensor = spec.substring(sep + ".safetensors:".length());
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(path + ": no such trace file");
        }
        if (path.endsWith(".npy")) {
            return Npy.open(file);
        }
        if (path.endsWith(".safetensors")) {
            return Safetensors.open(file, tensor);
        }
        throw new BadInputException(path + ": unknown trace type; use a .npy or .safetensors file");
    }
}
