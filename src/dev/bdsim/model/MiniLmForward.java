package dev.bdsim.model;

import org.apache.commons.math3.special.Erf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The forward pass of all-MiniLM-L6-v2 (a 6-layer BERT encoder, hidden 384, 12 heads, FFN 1536,
 * GELU with erf, LayerNorm eps 1e-12) in Java, with the weights read from the model's ONNX
 * initializers. One sentence at a time, no padding; one instance may serve several threads. Every linear layer goes through a
 * {@link LinearOp}, so a caller can quantize its operands; a {@link Tap} sees every matrix-product
 * operand on the way.
 */
public final class MiniLmForward {
    public static final int HIDDEN = 384;
    public static final int HEADS = 12;
    public static final int HEAD_DIM = HIDDEN / HEADS;
    public static final int LAYERS = 6;
    private static final double LAYER_NORM_EPS = 1e-12;

    /** {@code y = x·W} of one linear layer without its bias: x is rows x K row-major, the result rows x N. */
    public interface LinearOp {
        float[] apply(MiniLm.Linear linear, float[] x, int rows);
    }

    /** Sees a named operand: {@code layer<L>.attn_in}, {@code .q}, {@code .k}, {@code .v}, {@code .attn_probs}, {@code .attn_ctx}, {@code .ffn_in}, {@code .ffn_hidden}. */
    public interface Tap {
        void tensor(String name, float[] values, int rows, int cols);
    }

    private final MiniLm model;
    private final Map<String, float[]> params = new ConcurrentHashMap<>();
    private final Map<String, MiniLm.Linear> linears = new HashMap<>();

    public MiniLmForward(MiniLm model) {
        this.model = model;
        for (MiniLm.Linear l : model.linears()) {
            linears.put(l.name(), l);
        }
    }

    private float[] param(String name) {
        return params.computeIfAbsent(name, n -> model.onnx().initializer(n).values());
    }

    /** The exact FP32-weight product, accumulated in double: the reference every quantized run compares with. */
    public LinearOp exact() {
        return (linear, x, rows) -> {
            float[] w = param(linear.weightInitializer());
            int k = x.length / rows;
            int n = w.length / k;
            float[] y = new float[rows * n];
            double[] acc = new double[n];
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(acc, 0);
                for (int i = 0; i < k; i++) {
                    double xi = x[r * k + i];
                    int base = i * n;
                    for (int j = 0; j < n; j++) {
                        acc[j] += xi * w[base + j];
                    }
                }
                for (int j = 0; j < n; j++) {
                    y[r * n + j] = (float) acc[j];
                }
            }
            return y;
        };
    }

    /** The last hidden state, tokens x 384 row-major, of one tokenized sentence. */
    public float[] hiddenStates(long[] ids, LinearOp op, Tap tap) {
        return hiddenStates(List.of(ids), op, tap);
    }

    /**
     * The last hidden states of a batch of tokenized sentences, their tokens one after the other
     * (tokens x 384 row-major). Linear layers see all the batch's tokens at once; attention stays
     * within each sentence. The tap sees the attention probabilities as rows of (sentence, head,
     * query token) over the longest sentence's key tokens, zero beyond a sentence's own tokens (as
     * a padded batch with an attention mask gives them).
     */
    public float[] hiddenStates(List<long[]> batch, LinearOp op, Tap tap) {
        int[] start = new int[batch.size() + 1];
        for (int s = 0; s < batch.size(); s++) {
            start[s + 1] = start[s] + batch.get(s).length;
        }
        int t = start[batch.size()];
        float[] h = new float[t * HIDDEN];
        float[] word = param("embeddings.word_embeddings.weight");
        float[] position = param("embeddings.position_embeddings.weight");
        float[] type = param("embeddings.token_type_embeddings.weight");
        for (int s = 0; s < batch.size(); s++) {
            long[] ids = batch.get(s);
            for (int i = 0; i < ids.length; i++) {
                int row = (start[s] + i) * HIDDEN;
                for (int c = 0; c < HIDDEN; c++) {
                    h[row + c] = word[(int) ids[i] * HIDDEN + c] + type[c] + position[i * HIDDEN + c];
                }
            }
        }
        layerNorm(h, "embeddings.LayerNorm");
        for (int layer = 0; layer < LAYERS; layer++) {
            h = encoderLayer(layer, h, start, op, tap);
        }
        return h;
    }

    /** The sentence embedding: mean of the last hidden states over the tokens, L2-normalised. */
    public static double[] embedding(float[] hidden) {
        return embedding(hidden, 0, hidden.length / HIDDEN);
    }

    /** The embedding of the sentence holding tokens {@code from} (inclusive) to {@code to} of a batch's hidden states. */
    public static double[] embedding(float[] hidden, int from, int to) {
        double[] e = new double[HIDDEN];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < HIDDEN; c++) {
                e[c] += hidden[i * HIDDEN + c];
            }
        }
        double norm = 0;
        for (double v : e) {
            norm += v * v;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        for (int c = 0; c < HIDDEN; c++) {
            e[c] /= norm;
        }
        return e;
    }

    private float[] encoderLayer(int layer, float[] x, int[] start, LinearOp op, Tap tap) {
        String prefix = "layer." + layer + ".";
        String trace = "layer" + layer + ".";
        int sentences = start.length - 1;
        int t = start[sentences];
        int longest = 0;
        int probRows = 0;
        for (int s = 0; s < sentences; s++) {
            longest = Math.max(longest, start[s + 1] - start[s]);
            probRows += HEADS * (start[s + 1] - start[s]);
        }
        tap.tensor(trace + "attn_in", x, t, HIDDEN);
        float[] q = linear(prefix + "attention.self.query", x, t, op);
        float[] k = linear(prefix + "attention.self.key", x, t, op);
        float[] v = linear(prefix + "attention.self.value", x, t, op);
        tap.tensor(trace + "q", q, t, HIDDEN);
        tap.tensor(trace + "k", k, t, HIDDEN);
        tap.tensor(trace + "v", v, t, HIDDEN);
        float[] probs = new float[probRows * longest];
        float[] ctx = new float[t * HIDDEN];
        double scale = 1 / Math.sqrt(HEAD_DIM);
        double[] scores = new double[longest];
        int probRow = 0;
        for (int s = 0; s < sentences; s++) {
            int first = start[s];
            int n = start[s + 1] - first;
            for (int head = 0; head < HEADS; head++) {
                int off = head * HEAD_DIM;
                for (int i = first; i < first + n; i++, probRow++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double dot = 0;
                        for (int d = 0; d < HEAD_DIM; d++) {
                            dot += (double) q[i * HIDDEN + off + d] * k[(first + j) * HIDDEN + off + d];
                        }
                        scores[j] = (float) dot * scale;
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        sum += scores[j];
                    }
                    int row = probRow * longest;
                    for (int j = 0; j < n; j++) {
                        probs[row + j] = (float) (scores[j] / sum);
                    }
                    for (int d = 0; d < HEAD_DIM; d++) {
                        double c = 0;
                        for (int j = 0; j < n; j++) {
                            c += (double) probs[row + j] * v[(first + j) * HIDDEN + off + d];
                        }
                        ctx[i * HIDDEN + off + d] = (float) c;
                    }
                }
            }
        }
        tap.tensor(trace + "attn_probs", probs, probRows, longest);
        tap.tensor(trace + "attn_ctx", ctx, t, HIDDEN);
        float[] attn = linear(prefix + "attention.output.dense", ctx, t, op);
        add(attn, x);
        layerNorm(attn, "encoder." + prefix + "attention.output.LayerNorm");
        tap.tensor(trace + "ffn_in", attn, t, HIDDEN);
        float[] hidden = linear(prefix + "intermediate.dense", attn, t, op);
        for (int i = 0; i < hidden.length; i++) {
            double g = hidden[i];
            hidden[i] = (float) (g * 0.5 * (1 + Erf.erf(g / Math.sqrt(2))));
        }
        tap.tensor(trace + "ffn_hidden", hidden, t, hidden.length / t);
        float[] out = linear(prefix + "output.dense", hidden, t, op);
        add(out, attn);
        layerNorm(out, "encoder." + prefix + "output.LayerNorm");
        return out;
    }

    private float[] linear(String name, float[] x, int rows, LinearOp op) {
        MiniLm.Linear l = linears.get(name);
        float[] y = op.apply(l, x, rows);
        float[] bias = param("encoder." + name + ".bias");
        int n = bias.length;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                y[r * n + j] += bias[j];
            }
        }
        return y;
    }

    private static void add(float[] y, float[] residual) {
        for (int i = 0; i < y.length; i++) {
            y[i] += residual[i];
        }
    }

    private void layerNorm(float[] x, String name) {
        float[] gamma = param(name + ".weight");
        float[] beta = param(name + ".bias");
        int rows = x.length / HIDDEN;
        for (int r = 0; r < rows; r++) {
            int base = r * HIDDEN;
            double mean = 0;
            for (int c = 0; c < HIDDEN; c++) {
                mean += x[base + c];
            }
            mean /= HIDDEN;
            double var = 0;
            for (int c = 0; c < HIDDEN; c++) {
                double d = x[base + c] - mean;
                var += d * d;
            }
            double inv = 1 / Math.sqrt(var / HIDDEN + LAYER_NORM_EPS);
            for (int c = 0; c < HIDDEN; c++) {
                x[base + c] = (float) ((x[base + c] - mean) * inv * gamma[c] + beta[c]);
            }
        }
    }

    /** Names of the operands a {@link Tap} sees for one layer, in order. */
    public static List<String> operandNames(int layer) {
        String p = "layer" + layer + ".";
        return List.of(p + "attn_in", p + "q", p + "k", p + "v", p + "attn_probs", p + "attn_ctx", p + "ffn_in", p + "ffn_hidden");
    }
}
