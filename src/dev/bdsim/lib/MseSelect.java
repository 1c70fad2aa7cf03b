package dev.bdsim.lib;

import dev.bdsim.format.Formatbook;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.ExhaustiveQuantizer;

/**
 * The exhaustive dialect selector: per lane and dialect a squared-error table, per dialect an
 * adder tree over the lanes and an accumulator over the block's chunks ({@code valid},
 * {@code first} .. {@code last}); at the last chunk a comparator tree picks the dialect of least
 * total (ties to the lower id), held in {@code dialect} until the next block finishes.
 */
public final class MseSelect extends BlockReducer {
    private final Formatbook book;
    private final Port u;
    private final int lanes;
    private final int errorBits;
    private final int sumBits;
    private final long[] cost;
    private final int trial;

    public MseSelect(String name, Formatbook book, int lanes, int block) {
        super(name, "dialect", SignalType.unsigned(book.dialectBits()));
        this.book = book;
        this.lanes = lanes;
        int worst = 0;
        for (int d = 0; d < book.dialects(); d++) {
            for (int v = 0; v < Formatbook.QUARTER_UNITS; v++) {
                worst = Math.max(worst, ExhaustiveQuantizer.squaredError(book, d, v));
            }
        }
        errorBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(worst));
        sumBits = 64 - Long.numberOfLeadingZeros((long) worst * block);
        cost = new long[book.dialects()];
        u = sampledInput("u", SignalType.unsigned(5), lanes);
        trial = action("trial");
    }

    public int dialects() {
        return cost.length;
    }

    /** Bits of one squared error. */
    public int errorBits() {
        return errorBits;
    }

    /** Bits of a dialect's accumulated error over a block. */
    public int sumBits() {
        return sumBits;
    }

    public int squaredError(int d, int u) {
        return ExhaustiveQuantizer.squaredError(book, d, u);
    }

    @Override
    public String typeName() {
        return "MseSelect";
    }

    @Override
    protected long addChunk(boolean restart) {
        long toggles = 0;
        for (int d = 0; d < cost.length; d++) {
            long sum = restart ? 0 : cost[d];
            for (int l = 0; l < lanes; l++) {
                sum += ExhaustiveQuantizer.squaredError(book, d, (int) get(u, l));
            }
            toggles += Long.bitCount(sum ^ cost[d]);
            cost[d] = sum;
        }
        count(trial, (long) lanes * cost.length);
        return toggles;
    }

    @Override
    protected long blockResult() {
        return ExhaustiveQuantizer.cheapest(cost);
    }

    @Override
    protected void clear() {
        java.util.Arrays.fill(cost, 0);
    }
}
