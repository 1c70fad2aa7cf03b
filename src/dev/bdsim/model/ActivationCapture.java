package dev.bdsim.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.bdsim.trace.Fp16Matrix;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs MiniLM in ONNX Runtime, one sentence at a time (no padding rows), and collects the input of
 * every linear layer: rows are the tokens of all sentences in order.
 */
public final class ActivationCapture {
    private ActivationCapture() {}

    public static Map<String, Fp16Matrix> capture(MiniLm model, List<String> sentences) throws IOException, OrtException {
        Map<String, String> values = model.traceValues();
        WordPieceTokenizer tokenizer = MiniLm.tokenizer();
        Map<String, List<float[]>> rows = new LinkedHashMap<>();
        values.keySet().forEach(t -> rows.put(t, new ArrayList<>()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.onnx().withOutputs(new ArrayList<>(values.values())), options)) {
                for (String sentence : sentences) {
                    long[] ids = tokenizer.encode(sentence);
                    long[] ones = new long[ids.length];
                    java.util.Arrays.fill(ones, 1);
                    Map<String, OnnxTensor> inputs = new HashMap<>();
                    try (OnnxTensor idT = OnnxTensor.createTensor(env, new long[][] {ids});
                         OnnxTensor maskT = OnnxTensor.createTensor(env, new long[][] {ones});
                         OnnxTensor typeT = OnnxTensor.createTensor(env, new long[][] {new long[ids.length]})) {
                        inputs.put("input_ids", idT);
                        inputs.put("attention_mask", maskT);
                        inputs.put("token_type_ids", typeT);
                        try (OrtSession.Result result = session.run(inputs, new java.util.HashSet<>(values.values()))) {
                            for (Map.Entry<String, String> e : values.entrySet()) {
                                OnnxValue v = result.get(e.getValue()).orElseThrow();
                                OnnxTensor t = (OnnxTensor) v;
                                long[] shape = t.getInfo().getShape();
                                int cols = (int) shape[shape.length - 1];
                                FloatBuffer fb = t.getFloatBuffer();
                                float[] all = new float[fb.remaining()];
                                fb.get(all);
                                for (int r = 0; r < all.length / cols; r++) {
                                    rows.get(e.getKey()).add(java.util.Arrays.copyOfRange(all, r * cols, (r + 1) * cols));
                                }
                            }
                        }
                    }
                }
            }
        }
        Map<String, Fp16Matrix> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<float[]>> e : rows.entrySet()) {
            List<float[]> r = e.getValue();
            int cols = r.get(0).length;
            double[] flat = new double[r.size() * cols];
            for (int i = 0; i < r.size(); i++) {
                for (int j = 0; j < cols; j++) {
                    flat[i * cols + j] = r.get(i)[j];
                }
            }
            out.put(e.getKey(), Fp16Matrix.fromDoubles(e.getKey(), r.size(), cols, flat));
        }
        return out;
    }
}
