package dev.bdsim.lib;

import dev.bdsim.format.Fp16;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.format.OnlineScaling;

/**
 * The online quantizer's 5-bit scaling, lane by lane: the FP16 magnitude bits {@code x} of a
 * block with exponent field {@code ebits} to quarter units of {@code q = |x| / 2^(ebits-15)}:
 * {@code u = min(31, round-half-up(4q))} for dialect selection and {@code t = min(31, floor(4q))}
 * for the exact element encoding. In hardware: the exponent difference sets a right shift of the
 * 11-bit significand giving {@code t}, the bit below it rounds {@code u} up, 32 saturates to 31.
 */
public final class QuarterScaler extends Component {
    public static final int SIGNIFICAND_BITS = 11;
    public static final int SHIFT_LEVELS = 4;

    private final Port x;
    private final Port ebits;
    private final Port u;
    private final Port t;
    private final int lanes;
    private final int scale;

    public QuarterScaler(String name, int lanes) {
        super(name);
        this.lanes = lanes;
        x = input("x", SignalType.unsigned(15), lanes);
        ebits = input("ebits", SignalType.unsigned(5), 1);
        u = output("u", SignalType.unsigned(5), lanes);
        t = output("t", SignalType.unsigned(5), lanes);
        scale = action("scale");
    }

    @Override
    public String typeName() {
        return "QuarterScaler";
    }

    @Override
    protected void evaluate() {
        int e = (int) get(ebits);
        for (int l = 0; l < lanes; l++) {
            long n = Fp16.magnitudeUnits((short) get(x, l));
            set(u, l, OnlineScaling.quarterUnit(n, e));
            set(t, l, OnlineScaling.truncatedQuarterUnit(n, e));
        }
        count(scale, lanes);
    }
}
