package dev.bdsim.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MiniLM in ONNX Runtime (one thread), returning chosen graph values of one sentence at a time. */
public final class OrtMiniLm implements AutoCloseable {
    /** The graph output holding the last hidden state [1][tokens][384]. */
    public static final String LAST_HIDDEN_STATE = "output_0";

    /** A float tensor: its shape and its values, row-major. */
    public record Tensor(long[] shape, float[] values) {
        /** The size of the last dimension. */
        public int cols() {
            return (int) shape[shape.length - 1];
        }
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final List<String> values;

    /** A session returning {@code values} (graph values, made extra outputs where needed). */
    public OrtMiniLm(MiniLm model, List<String> values) throws IOException, OrtException {
        this.values = List.copyOf(values);
        options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = env.createSession(model.onnx().withOutputs(values), options);
    }

    /** Runs one tokenized sentence (no padding: the attention mask is all ones). */
    public Map<String, Tensor> run(long[] ids) throws OrtException {
        long[] ones = new long[ids.length];
        java.util.Arrays.fill(ones, 1);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor idT = OnnxTensor.createTensor(env, new long[][] {ids});
             OnnxTensor maskT = OnnxTensor.createTensor(env, new long[][] {ones});
             OnnxTensor typeT = OnnxTensor.createTensor(env, new long[][] {new long[ids.length]})) {
            inputs.put("input_ids", idT);
            inputs.put("attention_mask", maskT);
            inputs.put("token_type_ids", typeT);
            try (OrtSession.Result result = session.run(inputs, new HashSet<>(values))) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (String v : values) {
                    OnnxTensor t = (OnnxTensor) result.get(v).orElseThrow();
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] all = new float[fb.remaining()];
                    fb.get(all);
                    out.put(v, new Tensor(t.getInfo().getShape(), all));
                }
                return out;
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
        options.close();
    }
}
