package dev.bdsim.quality;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.model.MiniLm;
import dev.bdsim.model.MiniLmForward;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.trace.Traces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accuracy axis of the energy/accuracy trade-off for one format: over the shipped traces, the
 * element SQNR of every linear layer's activations and weights and the output SQNR of its product
 * (pooled over all layers: total signal power over total noise power); and over a set of
 * sentences, the cosine similarity of MiniLM's sentence embeddings when every linear layer's
 * operands are quantized in the format, against the exact FP32 model.
 */
public final class ModelAccuracy {
    /** One format's figures; cosines are over the sentences. */
    /** {@code overflows}: accumulator adds that overflowed, in the layer products and in the model's forward pass. */
    public record Result(BlockFormat format, double activationSqnrDb, double weightSqnrDb, double outputSqnrDb,
                         double meanCosine, double minCosine, long overflows) {}

    private final MiniLm model;
    private final MiniLmForward forward;
    private final ShippedTraces traces;
    private final List<long[]> sentences;
    private final int traceRows;
    private final List<double[]> exactEmbeddings = new ArrayList<>();
    private final Map<String, double[]> exactProducts = new ConcurrentHashMap<>();
    private final Map<String, Fp16Matrix> traceInputs = new ConcurrentHashMap<>();

    /**
     * {@code sentences}: token ids; {@code traceRows}: the rows of each trace the layer SQNRs use (0: all). The exact
     * embeddings and layer products are computed once, for every format.
     */
    public ModelAccuracy(MiniLm model, ShippedTraces traces, int traceRows, List<long[]> sentences) {
        this.model = model;
        this.traceRows = traceRows;
        this.forward = new MiniLmForward(model);
        this.traces = traces;
        this.sentences = List.copyOf(sentences);
        exactEmbeddings.addAll(embeddings(forward.exact()));
    }

    /** Safe to call from several threads at once, one format each. */
    public Result evaluate(BlockFormat format, AccumulatorSpec acc) {
        Sqnr.Running activations = new Sqnr.Running();
        Sqnr.Running weights = new Sqnr.Running();
        Sqnr.Running outputs = new Sqnr.Running();
        Map<String, QuantizedTensor> quantizedWeights = new HashMap<>();
        long overflows = 0;
        for (MiniLm.Linear linear : model.linears()) {
            Fp16Matrix x = traceInputs.computeIfAbsent(linear.trace(), t -> {
                TensorSource source = Traces.open(traces.dir().resolve(t + ".npy").toString());
                return source.readRows(0, traceRows > 0 ? Math.min(traceRows, source.rows()) : source.rows());
            });
            Fp16Matrix w = model.weightOf(linear.name());
            QuantizedTensor qx = format.quantize(x, Role.ACTIVATION);
            QuantizedTensor qw = format.quantize(w, Role.WEIGHT);
            quantizedWeights.put(linear.name(), qw);
            activations.add(x.toDoubles(), qx.decode());
            weights.add(w.toDoubles(), qw.decode());
            double[] exact = exactProducts.computeIfAbsent(linear.name(), n -> FormatEvaluation.reference(x, w));
            ReferenceGemm.Result product = ReferenceGemm.multiply(qx, qw, acc);
            outputs.add(exact, product.y());
            overflows += product.overflows();
        }
        Cosine cos = cosine(format, acc, quantizedWeights);
        return new Result(format, activations.db(), weights.db(), outputs.db(), cos.mean(), cos.min(), overflows + cos.overflows());
    }

    /** Mean and least cosine similarity of the sentences' embeddings against the exact model, and the accumulator overflows on the way. */
    public record Cosine(double mean, double min, long overflows) {}

    /** The embedding cosine alone (no layer SQNRs): every linear layer's operands quantized in the format. */
    public Cosine embeddingCosine(BlockFormat format, AccumulatorSpec acc) {
        Map<String, QuantizedTensor> quantizedWeights = new HashMap<>();
        for (MiniLm.Linear linear : model.linears()) {
            quantizedWeights.put(linear.name(), format.quantize(model.weightOf(linear.name()), Role.WEIGHT));
        }
        return cosine(format, acc, quantizedWeights);
    }

    private Cosine cosine(BlockFormat format, AccumulatorSpec acc, Map<String, QuantizedTensor> quantizedWeights) {
        java.util.concurrent.atomic.AtomicLong overflows = new java.util.concurrent.atomic.AtomicLong();
        MiniLmForward.LinearOp quantized = (linear, x, rows) -> {
            double[] values = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                values[i] = x[i];
            }
            Fp16Matrix xm = Fp16Matrix.fromDoubles(linear.name(), rows, x.length / rows, values);
            ReferenceGemm.Result product = ReferenceGemm.multiply(format.quantize(xm, Role.ACTIVATION), quantizedWeights.get(linear.name()), acc);
            overflows.addAndGet(product.overflows());
            return product.y();
        };
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        List<double[]> embeddings = embeddings(quantized);
        for (int s = 0; s < sentences.size(); s++) {
            double cos = cosine(exactEmbeddings.get(s), embeddings.get(s));
            sum += cos;
            min = Math.min(min, cos);
        }
        return new Cosine(sum / sentences.size(), min, overflows.get());
    }

    /** The embedding of every sentence, the whole set run as one batch. */
    private List<double[]> embeddings(MiniLmForward.LinearOp op) {
        float[] hidden = forward.hiddenStates(sentences, op, (n, v, r, c) -> { });
        List<double[]> out = new ArrayList<>();
        int from = 0;
        for (long[] ids : sentences) {
            out.add(MiniLmForward.embedding(hidden, from, from + ids.length));
            from += ids.length;
        }
        return out;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
