package dev.bdsim.lib;

import dev.bdsim.gemm.Accumulator;
import dev.bdsim.gemm.AccumulatorSpec;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.Port.Timing;
import dev.bdsim.kernel.SignalType;

/**
 * The output accumulator of a MAC datapath: on a clock edge with {@code valid} high it adds the
 * block sum {@code p * 2^exponent}, exactly as the functional GEMM does (FP32 or fixed point,
 * saturating or wrapping). With {@code terms} above 1, {@code p} and {@code exponent} have that
 * many lanes, added one after the other in lane order (a chain of adders, as an FP16 MAC array
 * feeding an FP32 accumulator needs). {@code clear} empties it first. {@code acc} shows the register: FP32
 * bits ({@code u32}) or the fixed-point value ({@code s<width>}). Overflowing adds count as
 * {@code overflow} actions.
 */
public final class BlockAccumulator extends Component {
    private final Port p;
    private final Port exponent;
    private final Port valid;
    private final Port clear;
    private final Port acc;
    private final Accumulator accumulator;
    private final AccumulatorSpec spec;
    private final int terms;
    private final int add;
    private final int overflow;

    public BlockAccumulator(String name, AccumulatorSpec spec, int pBits, int exponentBits, int terms) {
        super(name);
        this.spec = spec;
        accumulator = Accumulator.create(spec);
        this.terms = terms;
        p = sampledInput("p", SignalType.signed(pBits), terms);
        exponent = sampledInput("exponent", SignalType.signed(exponentBits), terms);
        valid = sampledInput("valid", SignalType.BIT, 1);
        clear = optionalInput("clear", SignalType.BIT, Timing.SAMPLED, 0);
        acc = registeredOutput("acc", spec.kind() == AccumulatorSpec.Kind.FP32 ? SignalType.unsigned(32)
                : SignalType.signed(spec.width()), 1);
        add = action("accumulate");
        overflow = action(dev.bdsim.gemm.CycleGemm.OVERFLOW_ACTION);
    }

    public AccumulatorSpec spec() {
        return spec;
    }

    @Override
    public String typeName() {
        return "Accumulator";
    }

    @Override
    protected void sample() {
        if (get(clear) != 0) {
            accumulator.reset();
        }
        if (get(valid) != 0) {
            long before = accumulator.overflows();
            for (int t = 0; t < terms; t++) {
                accumulator.add(get(p, t), getHigh(p, t), (int) get(exponent, t));
            }
            count(add, terms);
            count(overflow, accumulator.overflows() - before);
        }
    }

    @Override
    protected void reset() {
        accumulator.reset();
    }

    @Override
    protected void commit() {
        set(acc, accumulator.resultBits());
    }
}
