package dev.bdsim.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model this project reads, decoded from the protobuf wire format by field
 * number (onnx.proto: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, output = 12;
 * NodeProto.input = 1, output = 2, name = 3, op_type = 4; TensorProto.dims = 1, data_type = 2,
 * float_data = 4, name = 8, raw_data = 9).
 */
public final class OnnxModel {
    /** A graph node. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    /** An FP32 initializer (weights), row-major over {@code dims}. */
    public record Initializer(String name, long[] dims, float[] values) {}

    private static final int FLOAT = 1;

    private final byte[] bytes;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, ByteString> initializerBytes = new LinkedHashMap<>();

    private OnnxModel(byte[] bytes) throws IOException {
        this.bytes = bytes;
        CodedInputStream model = CodedInputStream.newInstance(bytes);
        model.setSizeLimit(Integer.MAX_VALUE);
        for (int tag; (tag = model.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 7) {
                readGraph(model.readBytes());
            } else {
                model.skipField(tag);
            }
        }
    }

    public static OnnxModel read(InputStream in) throws IOException {
        return new OnnxModel(in.readAllBytes());
    }

    public byte[] bytes() {
        return bytes;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public boolean isInitializer(String name) {
        return initializerBytes.containsKey(name);
    }

    public Initializer initializer(String name) {
        ByteString b = initializerBytes.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no initializer " + name);
        }
        try {
            return parseTensor(b);
        } catch (IOException e) {
            throw new IllegalStateException("malformed initializer " + name, e);
        }
    }

    /** The model with extra graph outputs, so a runtime returns these intermediate tensors too. */
    public byte[] withOutputs(List<String> names) throws IOException {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        CodedOutputStream g = CodedOutputStream.newInstance(graph);
        for (String n : names) {
            ByteArrayOutputStream vi = new ByteArrayOutputStream();
            CodedOutputStream v = CodedOutputStream.newInstance(vi);
            v.writeString(1, n);
            v.flush();
            g.writeByteArray(12, vi.toByteArray());
        }
        g.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + graph.size() + 16);
        out.write(bytes);
        CodedOutputStream m = CodedOutputStream.newInstance(out);
        m.writeByteArray(7, graph.toByteArray()); // a repeated message field merges into the existing graph
        m.flush();
        return out.toByteArray();
    }

    private void readGraph(ByteString graph) throws IOException {
        CodedInputStream in = graph.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int tag; (tag = in.readTag()) != 0; ) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1) {
                nodes.add(parseNode(in.readBytes()));
            } else if (field == 5) {
                ByteString t = in.readBytes();
                initializerBytes.put(tensorName(t), t);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static Node parseNode(ByteString b) throws IOException {
        CodedInputStream in = b.newCodedInput();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readStringRequireUtf8());
                case 2 -> outputs.add(in.readStringRequireUtf8());
                case 3 -> name = in.readStringRequireUtf8();
                case 4 -> op = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        return new Node(name, op, inputs, outputs);
    }

    private static String tensorName(ByteString b) throws IOException {
        CodedInputStream in = b.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 8) {
                return in.readStringRequireUtf8();
            }
            in.skipField(tag);
        }
        return "";
    }

    private static Initializer parseTensor(ByteString b) throws IOException {
        CodedInputStream in = b.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteString raw = null;
        List<Float> floats = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            if (field == 1 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    dims.add(in.readInt64());
                }
                in.popLimit(limit);
            } else if (field == 1) {
                dims.add(in.readInt64());
            } else if (field == 2) {
                dataType = in.readInt32();
            } else if (field == 4 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    floats.add(in.readFloat());
                }
                in.popLimit(limit);
            } else if (field == 8) {
                name = in.readStringRequireUtf8();
            } else if (field == 9) {
                raw = in.readBytes();
            } else {
                in.skipField(tag);
            }
        }
        if (dataType != FLOAT) {
            throw new IOException("initializer " + name + " has ONNX data type " + dataType + ", only FLOAT (1) is supported");
        }
        float[] values;
        if (raw != null) {
            ByteBuffer bb = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            values = new float[raw.size() / 4];
            bb.asFloatBuffer().get(values);
        } else {
            values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        return new Initializer(name, dims.stream().mapToLong(Long::longValue).toArray(), values);
    }
}
