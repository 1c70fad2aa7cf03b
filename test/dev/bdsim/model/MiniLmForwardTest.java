package dev.bdsim.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java forward pass of all-MiniLM-L6-v2 against ONNX Runtime on the same token ids. */
class MiniLmForwardTest {
    @Test
    void lastHiddenStatesMatchOnnxRuntimeWithin1e4() throws Exception {
        MiniLm model = MiniLm.load();
        WordPieceTokenizer tokenizer = MiniLm.tokenizer();
        MiniLmForward forward = new MiniLmForward(model);
        List<String> sentences = Corpus.sentences(Path.of("traces/corpus.txt"));
        double worst = 0;
        try (OrtMiniLm ort = new OrtMiniLm(model, List.of(OrtMiniLm.LAST_HIDDEN_STATE))) {
            for (String sentence : sentences) {
                long[] ids = tokenizer.encode(sentence);
                float[] expected = ort.run(ids).get(OrtMiniLm.LAST_HIDDEN_STATE).values();
                float[] actual = forward.hiddenStates(ids, forward.exact(), (name, v, r, c) -> { });
                assertEquals(expected.length, actual.length, sentence);
                for (int i = 0; i < actual.length; i++) {
                    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
                }
            }
        }
        assertTrue(worst <= 1e-4, "max |Java - ONNX Runtime| = " + worst);
        assertTrue(worst > 0, "the two runs are independent computations");
    }

    /** The Java model's matmul operands, the corpus run as one batch, are the shipped traces (captured with ONNX Runtime) up to FP16 rounding. */
    @Test
    void operandsSeenByTheTapAreTheShippedTraces() throws Exception {
        MiniLmForward forward = new MiniLmForward(MiniLm.load());
        WordPieceTokenizer tokenizer = MiniLm.tokenizer();
        List<long[]> batch = Corpus.sentences(Path.of("traces/corpus.txt")).stream().map(tokenizer::encode).toList();
        java.util.Map<String, float[]> seen = new java.util.HashMap<>();
        java.util.Set<String> wanted = java.util.Set.of("layer2.q", "layer2.attn_probs", "layer4.ffn_hidden", "layer0.attn_ctx");
        forward.hiddenStates(batch, forward.exact(), (name, values, rows, cols) -> {
            if (wanted.contains(name)) {
                seen.put(name, values.clone());
            }
        });
        for (String name : wanted) {
            dev.bdsim.trace.TensorSource trace = dev.bdsim.trace.Traces.open("traces/" + name + ".npy");
            double[] expected = trace.readRows(0, trace.rows()).toDoubles();
            float[] actual = seen.get(name);
            assertEquals(expected.length, actual.length, name);
            for (int i = 0; i < actual.length; i++) {
                double tolerance = 1e-3 * Math.abs(expected[i]) + 1e-5;
                assertTrue(Math.abs(actual[i] - expected[i]) <= tolerance, name + "[" + i + "]: " + actual[i] + " vs " + expected[i]);
            }
        }
    }
}
