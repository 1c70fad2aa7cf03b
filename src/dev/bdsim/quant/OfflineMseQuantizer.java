package dev.bdsim.quant;

import dev.bdsim.format.DialectQuantizer;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.Formatbook;

/**
 * The offline weight quantizer (spec §5): on the exact scaled magnitudes {@code q = |x| / 2^s},
 * the dialect minimising {@code Σ min_k (q - h_k/2)^2} (ties to the lower id), then the nearest
 * magnitude (ties to the larger).
 *
 * <p>Exact in integers: with {@code q = n / 2^g} ({@code n} the FP16 magnitude in 2^-24 units,
 * {@code g = ebits + 9}), {@code 4·2^g·(q - h/2)^2 = 4·2^g·q^2 - 4nh + 2^g·h^2}; the first term is
 * the same for every dialect, so dialects are compared on {@code Σ (2^g·h^2 - 4nh)}, which fits a long.
 */
public final class OfflineMseQuantizer implements DialectQuantizer {
    private final Formatbook book;

    public OfflineMseQuantizer(Formatbook book) {
        this.book = book;
    }

    @Override
    public String id() {
        return "mse";
    }

    @Override
    public ElementEncoding encoding() {
        return ElementEncoding.EXACT;
    }

    @Override
    public int quantize(long[] magnitudes, int ebits, int[] indexOut) {
        int g = ebits + 9;
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int d = 0; d < book.dialects(); d++) {
            long cost = 0;
            for (long n : magnitudes) {
                long h = book.halfUnits(d, book.nearestIndex(d, ElementEncoding.EXACT.quarters(n, ebits)));
                cost += (h * h << g) - 4 * n * h;
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = d;
            }
        }
        for (int i = 0; i < magnitudes.length; i++) {
            indexOut[i] = book.nearestIndex(best, ElementEncoding.EXACT.quarters(magnitudes[i], ebits));
        }
        return best;
    }
}
