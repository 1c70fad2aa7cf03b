package dev.bdsim.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bdsim.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Hugging Face {@code .safetensors} files: an 8-byte header length, a JSON header, then raw data. */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** Opens one tensor; {@code tensor} may be null when the file holds exactly one. */
    public static TensorSource open(Path file, String tensor) {
        Header h = header(file);
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = h.header.fields(); it.hasNext(); ) {
            String n = it.next().getKey();
            if (!n.equals("__metadata__")) {
                names.add(n);
            }
        }
        if (tensor == null) {
            if (names.size() != 1) {
                throw new BadInputException(file + ": holds " + names.size() + " tensors; name one as " + file + ":<tensor> (tensors: "
                        + String.join(", ", names.subList(0, Math.min(10, names.size()))) + (names.size() > 10 ? ", ..." : "") + ")");
            }
            tensor = names.get(0);
        }
        JsonNode entry = h.header.get(tensor);
        if (entry == null || tensor.equals("__metadata__")) {
            throw new BadInputException(file + ": no tensor named '" + tensor + "' (tensors: "
                    + String.join(", ", names.subList(0, Math.min(10, names.size()))) + (names.size() > 10 ? ", ..." : "") + ")");
        }
        String where = file + ": tensor '" + tensor + "' ";
        String dt = entry.path("dtype").asText("");
        TensorSource.DType dtype = switch (dt) {
            case "F32" -> TensorSource.DType.F32;
            case "F16" -> TensorSource.DType.F16;
            case "BF16" -> TensorSource.DType.BF16;
            default -> throw new BadInputException(where + "has unsupported dtype '" + dt + "'; traces must be F32, F16 or BF16");
        };
        JsonNode shapeNode = entry.path("shape");
        JsonNode offsets = entry.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new BadInputException(where + "has a malformed header entry (needs shape and data_offsets [begin, end])");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new BadInputException(where + "has invalid data_offsets [" + begin + ", " + end + "]");
        }
        long dataStart = 8 + h.length;
        long available = Math.min(end, h.fileSize - dataStart) - begin;
        return new TensorSource(file, tensor, dtype, shape, dataStart + begin, available);
    }

    private record Header(JsonNode header, long length, long fileSize) {}

    private static Header header(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            if (size < 8) {
                throw new BadInputException(file + ": not a .safetensors file (shorter than its 8-byte header length)");
            }
            long len = lenBuf.getLong(0);
            if (len <= 0 || len > 100_000_000 || 8 + len > size) {
                throw new BadInputException(file + ": not a .safetensors file or truncated (header length " + len + ", file size " + size + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) len);
            ch.read(hb, 8);
            JsonNode node;
            try {
                node = JSON.readTree(hb.array());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadInputException(file + ": malformed .safetensors JSON header (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isObject()) {
                throw new BadInputException(file + ": malformed .safetensors header (expected a JSON object)");
            }
            return new Header(node, len, size);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
