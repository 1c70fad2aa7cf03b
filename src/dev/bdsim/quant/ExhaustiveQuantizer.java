package dev.bdsim.quant;

import dev.bdsim.format.DialectQuantizer;
import dev.bdsim.format.Formatbook;

/**
 * The exhaustive online quantizer (spec §4, alternative): the dialect minimising the sum of
 * squared quarter-unit errors over the block, ties to the lower id.
 */
public final class ExhaustiveQuantizer implements DialectQuantizer {
    private final Formatbook book;

    public ExhaustiveQuantizer(Formatbook book) {
        this.book = book;
    }

    @Override
    public String id() {
        return "exhaustive";
    }

    @Override
    public int quantize(long[] magnitudes, int ebits, int[] indexOut) {
        int[] u = OnlineScaling.quarterUnits(magnitudes, ebits);
        int[] histogram = new int[Formatbook.QUARTER_UNITS];
        for (int v : u) {
            histogram[v]++;
        }
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int d = 0; d < book.dialects(); d++) {
            long cost = 0;
            for (int v = 0; v < Formatbook.QUARTER_UNITS; v++) {
                long e = book.error(d, v);
                cost += histogram[v] * e * e;
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = d;
            }
        }
        for (int i = 0; i < u.length; i++) {
            indexOut[i] = book.nearestIndex(best, u[i]);
        }
        return best;
    }
}
