package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.IntBlockFormat;

import java.util.List;

/**
 * A block integer format's power-of-two scale from the block's largest FP16 magnitude {@code amax}:
 * the biased exponent of the smallest {@code X = 2^e} with {@code (2^(b-1) - 1) X >= amax}
 * (formats.md), 127 for an all-zero block. With {@code amax = m 2^f}, {@code 1 <= m < 2}:
 * {@code e = f - b + 2}, one more when {@code m} exceeds {@code (2^(b-1) - 1) / 2^(b-2)}; in hardware
 * the exponent (or a subnormal's leading one), the significand normalised and compared with that
 * constant, one add.
 */
public final class IntScale extends BlockScale {
    public static final Kind KIND = new Kind("IntScale", Group.CONTROL,
            "amax (FP16 magnitude bits) -> field: the biased scale exponent of a block of b-bit integers",
            List.of(ParamSpec.integer("bits", null, 2, 8, "element bits b (symmetric: the largest magnitude is 2^(b-1) - 1)")),
            (n, p) -> new IntScale(n, p.intValue("bits"))).withExample(java.util.Map.of("bits", 4L));

    private final int bits;

    public IntScale(String name, int bits) {
        super(name);
        this.bits = bits;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    int field(int amax) {
        return IntBlockFormat.scaleField(amax, bits);
    }

    @Override
    public Levels levels() {
        // the leading one, the normalising shift, the compare with the constant, the add
        return Levels.through(Levels.table(4) + 2.0 * 4 + Levels.add(11) + Levels.add(8) + 2);
    }

    /** The significand normalised (a 4-stage shift) and compared with the constant (an AND-OR per bit). */
    @Override
    double ruleGe(TechLibrary tech) {
        return 11 * 4 * tech.mux2Ge() + 11 * 2 * tech.andGe();
    }

    /** {@code -(b - 2)}, one more when the normalised significand exceeds {@code (2^(b-1) - 1) << (12 - b)}. */
    @Override
    String verilogOffset() {
        long threshold = ((1L << (bits - 1)) - 1) << (12 - bits);
        return "-" + (bits - 2) + " + ((sig << (10 - lead)) > " + threshold + " ? 1 : 0)";
    }
}
