package dev.bdsim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.quality.FormatEvaluation;
import dev.bdsim.quality.Sqnr;

import java.util.List;
import java.util.Locale;

/** The result of {@code ./sim quantize} as a text table or JSON. */
public record QuantizeReport(Tensor x, Tensor w, AccumulatorSpec accumulator, List<FormatEvaluation> results) {
    /** What a report says of an input tensor: where it came from, its shape, how many values saturated to FP16's range. */
    public record Tensor(String source, int rows, int cols, long saturated) {
        public static Tensor of(String source, Fp16Matrix m) {
            return new Tensor(source, m.rows(), m.cols(), m.saturated());
        }
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(describe("activations", x));
        if (w != null) {
            sb.append(describe("weights    ", w));
            sb.append("accumulator: ").append(accumulator).append(", output SQNR against the FP64 product of the FP16 inputs\n");
        }
        sb.append('\n');
        int width = Math.max(24, results.stream().mapToInt(r -> r.format().displayName().length()).max().orElse(0));
        String row = "%-" + width + "s %5s %9s %10s %10s %10s%n";
        String header = String.format(Locale.ROOT, row, "format", "B", "bits/elem", "act SQNR", "wgt SQNR", "out SQNR");
        sb.append(header);
        sb.append(String.format(Locale.ROOT, row, "", "", "", "(dB)", "(dB)", "(dB)"));
        sb.append("-".repeat(header.length() - 1)).append('\n');
        for (FormatEvaluation r : results) {
            sb.append(String.format(Locale.ROOT, row.replace("%9s", "%9.3f"), r.format().displayName(),
                    block(r.format()), r.bitsPerWeight(),
                    Sqnr.format(r.activationSqnrDb()), Sqnr.format(r.weightSqnrDb()), Sqnr.format(r.outputSqnrDb())));
        }
        if (results.stream().anyMatch(r -> r.format() instanceof dev.bdsim.format.WeightOnlyFormat)) {
            sb.append("weight-only formats: activations stay FP16; B is the weights' group, bits/elem every stored bit per weight "
                    + "(codes, group words, row scales, codebooks, second-level scales)\n");
        }
        for (FormatEvaluation r : results) {
            if (r.accumulatorOverflows() > 0) {
                sb.append("warning: ").append(r.format().label()).append(": ").append(r.accumulatorOverflows())
                        .append(" accumulator overflows (").append(accumulator).append(")\n");
            }
        }
        for (FormatEvaluation r : results) {
            if (r.activationDialects() != null) {
                sb.append('\n').append(r.format().displayName()).append(" dialect histogram (blocks per dialect id)\n");
                sb.append(histogram("  activations", r.activationDialects()));
                if (r.weightDialects() != null) {
                    sb.append(histogram("  weights    ", r.weightDialects()));
                }
            }
        }
        return sb.toString();
    }

    private static String describe(String label, Tensor m) {
        return String.format(Locale.ROOT, "%s: %s [%d x %d] FP16%s%n", label, m.source(), m.rows(), m.cols(),
                m.saturated() > 0 ? ", " + m.saturated() + " values saturated to ±65504" : "");
    }

    private static String histogram(String label, long[] counts) {
        StringBuilder ids = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int d = 0; d < counts.length; d++) {
            int width = Math.max(Long.toString(counts[d]).length(), Integer.toString(d).length()) + 1;
            ids.append(String.format(Locale.ROOT, "%" + width + "d", d));
            values.append(String.format(Locale.ROOT, "%" + width + "d", counts[d]));
        }
        return String.format(Locale.ROOT, "%s id:%s%n%s    %s%n", " ".repeat(label.length()), ids, label, values);
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        tensor(root.putObject("activations"), x);
        if (w != null) {
            tensor(root.putObject("weights"), w);
        }
        root.put("accumulator", accumulator.toString());
        ArrayNode formats = root.putArray("formats");
        for (FormatEvaluation r : results) {
            ObjectNode f = formats.addObject();
            f.put("id", r.format().id());
            f.put("label", r.format().label());
            f.put("name", r.format().displayName());
            f.put("blockSize", r.format().blockSize());
            f.put("bitsPerElement", r.format().bitsPerElement());
            if (r.weights() != null && r.weights().stored() != null) {
                f.put("storedBitsPerWeight", r.weights().stored().bitsPerWeight());
            }
            putDb(f, "activationSqnrDb", r.activationSqnrDb());
            if (w != null) {
                putDb(f, "weightSqnrDb", r.weightSqnrDb());
                putDb(f, "outputSqnrDb", r.outputSqnrDb());
                f.put("accumulatorOverflows", r.accumulatorOverflows());
            }
            if (r.activationDialects() != null) {
                ArrayNode a = f.putArray("activationDialectHistogram");
                for (long c : r.activationDialects()) {
                    a.add(c);
                }
                if (r.weightDialects() != null) {
                    ArrayNode b = f.putArray("weightDialectHistogram");
                    for (long c : r.weightDialects()) {
                        b.add(c);
                    }
                }
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void tensor(ObjectNode node, Tensor m) {
        node.put("source", m.source());
        node.putArray("shape").add(m.rows()).add(m.cols());
        node.put("saturated", m.saturated());
    }

    /** SQNR in dB; an exact result (infinite SQNR) is written as the string "exact", JSON having no infinity. */
    private static void putDb(ObjectNode node, String key, double v) {
        if (Double.isInfinite(v)) {
            node.put(key, "exact");
        } else if (Double.isNaN(v)) {
            node.putNull(key);
        } else {
            node.put(key, Math.round(v * 1e4) / 1e4);
        }
    }

    /** The block column: the block size, a weight-only format's group ("row" for one per output row), or "-". */
    private static String block(dev.bdsim.format.BlockFormat f) {
        if (f instanceof dev.bdsim.format.WeightOnlyFormat w) {
            return w.group() > 0 ? Integer.toString(w.group()) : "row";
        }
        return f.blockSize() == 1 ? "-" : Integer.toString(f.blockSize());
    }
}
