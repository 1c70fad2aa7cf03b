package dev.bdsim.quant;

import dev.bdsim.format.DialectQuantizer;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.OnlineScaling;
import dev.bdsim.format.Formatbook;

/**
 * The exhaustive online quantizer (spec §4, alternative): the dialect minimising the sum of
 * squared quarter-unit errors over the block, ties to the lower id.
 */
public final class ExhaustiveQuantizer implements DialectQuantizer {
    private final Formatbook book;
    private final ElementEncoding encoding;

    public ExhaustiveQuantizer(Formatbook book, ElementEncoding encoding) {
        this.book = book;
        this.encoding = encoding;
    }

    @Override
    public String id() {
        return "exhaustive";
    }

    @Override
    public ElementEncoding encoding() {
        return encoding;
    }

    @Override
    public int quantize(long[] magnitudes, int ebits, int[] indexOut) {
        int[] u = OnlineScaling.quarterUnits(magnitudes, ebits);
        long[] cost = new long[book.dialects()];
        for (int v : u) {
            for (int d = 0; d < cost.length; d++) {
                cost[d] += squaredError(book, d, v);
            }
        }
        int best = cheapest(cost);
        for (int i = 0; i < u.length; i++) {
            indexOut[i] = book.nearestIndex(best, encoding.quarters(magnitudes[i], ebits));
        }
        return best;
    }

    /** The squared quarter-unit error of u in dialect d. */
    public static int squaredError(Formatbook book, int d, int u) {
        int e = book.error(d, u);
        return e * e;
    }

    /** The dialect of least summed squared error, ties to the lower id. */
    public static int cheapest(long[] cost) {
        int best = 0;
        for (int d = 1; d < cost.length; d++) {
            if (cost[d] < cost[best]) {
                best = d;
            }
        }
        return best;
    }
}
