package dev.bdsim.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bdsim.BadInputException;
import dev.bdsim.io.InputFiles;

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
    private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Bytes per element of every dtype the format defines, to check each tensor's byte range. */
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2),
            Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4), Map.entry("F64", 8),
            Map.entry("I64", 8), Map.entry("U64", 8));

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
        Extent x = h.extents().get(tensor);
        long dataStart = 8 + h.length;
        return new TensorSource(file, tensor, dtype, x.shape(), dataStart + x.begin(), x.end() - x.begin());
    }

    /** A tensor's shape and byte range within the data buffer. */
    private record Extent(long[] shape, long begin, long end) {}

    private record Header(JsonNode header, long length, long fileSize, Map<String, Extent> extents) {}

    /**
     * Every tensor entry as the format's specification requires: a known dtype, a shape of
     * non-negative integers, integer data_offsets whose range is exactly the shape's bytes, and the
     * ranges tiling the data buffer without overlaps or holes.
     */
    private static Map<String, Extent> extents(Path file, JsonNode header, long dataLength) {
        Map<String, Extent> extents = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String where = file + ": tensor '" + InputFiles.excerpt(e.getKey()) + "' ";
            JsonNode entry = e.getValue();
            String dtype = entry.path("dtype").isTextual() ? entry.path("dtype").asText() : "";
            Integer size = DTYPE_BYTES.get(dtype);
            if (size == null) {
                throw new BadInputException(where + "has no valid dtype (the format's dtypes: " + new java.util.TreeSet<>(DTYPE_BYTES.keySet()) + ")");
            }
            JsonNode shapeNode = entry.path("shape");
            JsonNode offsets = entry.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new BadInputException(where + "has a malformed header entry (needs shape and data_offsets [begin, end])");
            }
            long[] shape = new long[shapeNode.size()];
            long bytes = size;
            try {
                for (int i = 0; i < shape.length; i++) {
                    JsonNode d = shapeNode.get(i);
                    if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                        throw new BadInputException(where + "has a shape entry that is not a non-negative integer: " + d);
                    }
                    shape[i] = d.asLong();
                    bytes = Math.multiplyExact(bytes, shape[i]);
                }
            } catch (ArithmeticException overflow) {
                throw new BadInputException(where + "has a shape too large for any file: " + shapeNode);
            }
            for (JsonNode o : offsets) {
                if (!o.isIntegralNumber() || !o.canConvertToLong() || o.asLong() < 0) {
                    throw new BadInputException(where + "has data_offsets that are not non-negative integers: " + offsets);
                }
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (end < begin || end > dataLength) {
                throw new BadInputException(where + "has data_offsets [" + begin + ", " + end + "] outside the data (" + dataLength + " bytes)");
            }
            if (end - begin != bytes) {
                throw new BadInputException(where + "has data_offsets [" + begin + ", " + end + "] of " + (end - begin) + " bytes, but its shape "
                        + shapeNode + " of " + dtype + " needs " + bytes);
            }
            extents.put(e.getKey(), new Extent(shape, begin, end));
        }
        List<Map.Entry<String, Extent>> byBegin = new ArrayList<>(extents.entrySet());
        byBegin.sort(java.util.Comparator.comparingLong((Map.Entry<String, Extent> en) -> en.getValue().begin())
                .thenComparingLong(en -> en.getValue().end()));
        long covered = 0;
        for (Map.Entry<String, Extent> en : byBegin) {
            if (en.getValue().begin() != covered) {
                throw new BadInputException(file + ": tensor '" + InputFiles.excerpt(en.getKey()) + "' starts at byte " + en.getValue().begin()
                        + " of the data, but the tensors before it end at " + covered
                        + (en.getValue().begin() < covered ? " (tensors overlap)" : " (a hole)"));
            }
            covered = en.getValue().end();
        }
        if (covered != dataLength) {
            throw new BadInputException(file + ": the tensors cover " + covered + " bytes of data, the file holds " + dataLength);
        }
        return extents;
    }

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
            return new Header(node, len, size, extents(file, node, size - 8 - len));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
