package dev.bdsim.lib;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.TwoStageQuantizer;

/**
 * Stage 1 of the two-stage quantizer: the block's largest quarter-unit value {@code umax} picks
 * the candidate dialects {@code a} and {@code b} (the pair sharing the covering largest magnitude;
 * {@code a = b} for a dialect without a partner).
 */
public final class PairSelect extends Component {
    private final TwoStageQuantizer quantizer;
    private final Port umax;
    private final Port a;
    private final Port b;
    private final int select;

    public PairSelect(String name, TwoStageQuantizer quantizer, int dialectBits) {
        super(name);
        this.quantizer = quantizer;
        umax = input("umax", SignalType.unsigned(5), 1);
        a = output("a", SignalType.unsigned(dialectBits), 1);
        b = output("b", SignalType.unsigned(dialectBits), 1);
        select = action("select");
    }

    /** Stage 1's candidates for a block maximum of {@code umax} quarter units. */
    public TwoStageQuantizer.Pair pair(int umax) {
        return quantizer.stageOne(umax);
    }

    @Override
    public String typeName() {
        return "PairSelect";
    }

    @Override
    protected void evaluate() {
        TwoStageQuantizer.Pair pair = quantizer.stageOne((int) get(umax));
        set(a, pair.a());
        set(b, pair.b());
        count(select);
    }
}
