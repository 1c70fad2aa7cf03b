package dev.bdsim.lib;

import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.TwoStageQuantizer;

/**
 * Stage 2 of the two-stage quantizer: per lane, comparators against the pair's beneficial-range
 * boundaries vote +1 (candidate {@code a} strictly better), -1 ({@code b} better) or 0; the votes
 * of a block's chunks ({@code valid}, {@code first} .. {@code last}) add up in a balance counter,
 * and at the block's last chunk {@code dialect} becomes {@code a} if the balance is not negative,
 * else {@code b}, held until the next block finishes.
 */
public final class RangeCounter extends BlockReducer {
    private final TwoStageQuantizer quantizer;
    private final Port u;
    private final Port a;
    private final Port b;
    private final int lanes;
    private final int balanceBits;
    private int balance;
    private final int vote;

    public RangeCounter(String name, TwoStageQuantizer quantizer, int dialectBits, int lanes, int block) {
        super(name, "dialect", SignalType.unsigned(dialectBits));
        this.quantizer = quantizer;
        this.lanes = lanes;
        this.balanceBits = 32 - Integer.numberOfLeadingZeros(block) + 1;
        u = sampledInput("u", SignalType.unsigned(5), lanes);
        a = sampledInput("a", SignalType.unsigned(dialectBits), 1);
        b = sampledInput("b", SignalType.unsigned(dialectBits), 1);
        vote = action("vote");
    }

    /** Bits of the signed balance counter: it holds -block..block. */
    public int balanceBits() {
        return balanceBits;
    }

    public int rangeBoundaries() {
        return quantizer.rangeBoundaries();
    }

    /** Stage 2's vote of a lane holding u when the candidates are {@code a} and its partner. */
    public int vote(int a, int u) {
        return quantizer.vote(a, u);
    }

    @Override
    public String typeName() {
        return "RangeCounter";
    }

    @Override
    protected long addChunk(boolean restart) {
        int candidate = (int) get(a);
        int sum = restart ? 0 : balance;
        for (int l = 0; l < lanes; l++) {
            sum += quantizer.vote(candidate, (int) get(u, l));
        }
        long toggles = Long.bitCount((sum ^ balance) & ((1 << balanceBits) - 1));
        balance = sum;
        count(vote, lanes);
        return toggles;
    }

    @Override
    protected long blockResult() {
        return TwoStageQuantizer.stageTwo(new TwoStageQuantizer.Pair((int) get(a), (int) get(b)), balance);
    }

    @Override
    protected void clear() {
        balance = 0;
    }
}
