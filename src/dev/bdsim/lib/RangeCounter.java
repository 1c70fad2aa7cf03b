package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
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
public final class RangeCounter extends Component {
    private final TwoStageQuantizer quantizer;
    private final Port u;
    private final Port a;
    private final Port b;
    private final Port valid;
    private final Port first;
    private final Port last;
    private final Port dialect;
    private final int lanes;
    private final int balanceBits;
    private int balance;
    private int held;
    private final int vote;

    public RangeCounter(String name, TwoStageQuantizer quantizer, int dialectBits, int lanes, int block) {
        super(name);
        this.quantizer = quantizer;
        this.lanes = lanes;
        this.balanceBits = 32 - Integer.numberOfLeadingZeros(block) + 1;
        u = sampledInput("u", SignalType.unsigned(5), lanes);
        a = sampledInput("a", SignalType.unsigned(dialectBits), 1);
        b = sampledInput("b", SignalType.unsigned(dialectBits), 1);
        valid = sampledInput("valid", SignalType.BIT, 1);
        first = sampledInput("first", SignalType.BIT, 1);
        last = sampledInput("last", SignalType.BIT, 1);
        dialect = registeredOutput("dialect", SignalType.unsigned(dialectBits), 1);
        vote = action("vote");
    }

    /** Bits of the signed balance counter: it holds -block..block. */
    public int balanceBits() {
        return balanceBits;
    }

    public int rangeBoundaries() {
        return quantizer.rangeBoundaries();
    }

    @Override
    public String typeName() {
        return "RangeCounter";
    }

    @Override
    protected void sample() {
        if (get(valid) == 0) {
            return;
        }
        int candidate = (int) get(a);
        int sum = get(first) != 0 ? 0 : balance;
        for (int l = 0; l < lanes; l++) {
            sum += quantizer.vote(candidate, (int) get(u, l));
        }
        long toggles = Long.bitCount((sum ^ balance) & ((1 << balanceBits) - 1));
        balance = sum;
        if (get(last) != 0) {
            int chosen = TwoStageQuantizer.stageTwo(new TwoStageQuantizer.Pair(candidate, (int) get(b)), sum);
            toggles += Integer.bitCount(chosen ^ held);
            held = chosen;
        }
        stateToggles(toggles);
        count(vote, lanes);
    }

    @Override
    protected void reset() {
        balance = 0;
        held = 0;
    }

    @Override
    protected void commit() {
        set(dialect, held);
    }
}
