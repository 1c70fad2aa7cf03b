package dev.bdsim.model;

import ai.onnxruntime.OrtException;
import dev.bdsim.fp16.Fp16Matrix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs MiniLM in ONNX Runtime, one sentence at a time (no padding rows), and collects the input of
 * every linear layer and the operands of the attention products: rows are the tokens of all
 * sentences in order (for the softmax probabilities: (sentence, head, query token), padded with
 * zeros to the longest sentence).
 */
public final class ActivationCapture {
    private ActivationCapture() {}

    public static Map<String, Fp16Matrix> capture(MiniLm model, List<String> sentences) throws IOException, OrtException {
        Map<String, String> values = new LinkedHashMap<>(model.traceValues());
        for (MiniLm.AttentionOperand a : model.attentionOperands()) {
            values.put(a.trace(), a.value());
        }
        WordPieceTokenizer tokenizer = MiniLm.tokenizer();
        Map<String, List<float[]>> rows = new LinkedHashMap<>();
        values.keySet().forEach(t -> rows.put(t, new ArrayList<>()));
        try (OrtMiniLm ort = new OrtMiniLm(model, new ArrayList<>(values.values()))) {
            for (String sentence : sentences) {
                Map<String, OrtMiniLm.Tensor> result = ort.run(tokenizer.encode(sentence));
                for (Map.Entry<String, String> e : values.entrySet()) {
                    OrtMiniLm.Tensor t = result.get(e.getValue());
                    int cols = t.cols();
                    for (int r = 0; r < t.values().length / cols; r++) {
                        rows.get(e.getKey()).add(java.util.Arrays.copyOfRange(t.values(), r * cols, (r + 1) * cols));
                    }
                }
            }
        }
        Map<String, Fp16Matrix> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<float[]>> e : rows.entrySet()) {
            List<float[]> r = e.getValue();
            int cols = r.stream().mapToInt(row -> row.length).max().orElse(0);
            double[] flat = new double[r.size() * cols];
            for (int i = 0; i < r.size(); i++) {
                for (int j = 0; j < r.get(i).length; j++) {
                    flat[i * cols + j] = r.get(i)[j];
                }
            }
            out.put(e.getKey(), Fp16Matrix.fromDoubles(e.getKey(), r.size(), cols, flat));
        }
        return out;
    }
}
