package dev.bdsim.model;

import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.trace.Traces;

/** A weight tensor W[out][K] named on the command line: a trace file, or {@code minilm:<linear>} from the model. */
public final class Weights {
    public static final String MODEL_PREFIX = "minilm:";

    private Weights() {}

    public static Fp16Matrix load(String spec) {
        return spec.startsWith(MODEL_PREFIX) ? MiniLm.load().weightOf(spec.substring(MODEL_PREFIX.length()))
                : Traces.open(spec).readAll();
    }

    /** The first {@code rows} rows (all when there are fewer). */
    public static Fp16Matrix load(String spec, int rows) {
        Fp16Matrix w = load(spec);
        int n = Math.min(rows, w.rows());
        return n == w.rows() ? w : new Fp16Matrix(w.name(), n, w.cols(), java.util.Arrays.copyOf(w.rawBits(), n * w.cols()), 0);
    }
}
