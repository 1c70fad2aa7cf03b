package dev.bdsim.quality;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.model.Corpus;
import dev.bdsim.model.MiniLm;
import dev.bdsim.model.WordPieceTokenizer;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.ShippedTraces;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class ModelAccuracyTest {
    @Test
    void embeddingsDegradeWithFewerBits() throws Exception {
        WordPieceTokenizer tokenizer = MiniLm.tokenizer();
        List<long[]> ids = new ArrayList<>();
        for (String s : Corpus.sentences(Path.of("traces/corpus.txt")).subList(0, 3)) {
            ids.add(tokenizer.encode(s));
        }
        ModelAccuracy accuracy = new ModelAccuracy(MiniLm.load(), ShippedTraces.load(), 24, ids);
        ModelAccuracy.Result int8 = accuracy.evaluate(Formats.parse("int8", Formats.Options.defaults()), AccumulatorSpec.FP32);
        ModelAccuracy.Result int4 = accuracy.evaluate(Formats.parse("int4", Formats.Options.defaults()), AccumulatorSpec.FP32);
        assertTrue(int8.minCosine() > 0.998 && int8.minCosine() < 1, "INT8: cosine " + int8.minCosine());
        assertTrue(int4.meanCosine() < int8.meanCosine() && int4.meanCosine() > 0.5, "INT4: cosine " + int4.meanCosine());
        assertTrue(int8.outputSqnrDb() > int4.outputSqnrDb() + 20, int8.outputSqnrDb() + " vs " + int4.outputSqnrDb());
        assertTrue(int8.activationSqnrDb() > int4.activationSqnrDb() && int8.weightSqnrDb() > int4.weightSqnrDb());
    }

    @Test
    void cosineIsTheNormalisedDotProduct() {
        assertEquals(Math.sqrt(0.5), ModelAccuracy.cosine(new double[] {1, 0}, new double[] {3, 3}), 1e-15);
        assertEquals(-1, ModelAccuracy.cosine(new double[] {1, 2}, new double[] {-2, -4}), 1e-15);
    }
}
