package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.MxFormat;

import java.util.List;

/**
 * An MX format's E8M0 block scale from the block's largest FP16 magnitude {@code amax}:
 * {@code floor(log2 amax) - emax + 127}, 127 for an all-zero block (formats.md). In hardware: the
 * exponent field, or for a subnormal maximum the position of its mantissa's leading one, then one
 * add of a constant.
 */
public final class MxScale extends BlockScale {
    public static final Kind KIND = new Kind("MxScale", Group.CONTROL,
            "amax (FP16 magnitude bits) -> field: the E8M0 scale of an MX block",
            List.of(ParamSpec.integer("emax", null, 0, 15, "the element format's largest exponent (emax_elem)")),
            (n, p) -> new MxScale(n, p.intValue("emax"))).withExample(java.util.Map.of("emax", 2L));

    private final int emax;

    public MxScale(String name, int emax) {
        super(name);
        this.emax = emax;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    int field(int amax) {
        return MxFormat.scaleField(amax, emax);
    }

    @Override
    public Levels levels() {
        // the leading one of 10 mantissa bits, the choice of exponent, the constant add, the zero and range checks
        return Levels.through(Levels.table(4) + Levels.mux(2) + Levels.add(8) + 2);
    }

    /** The clamp to 0..254 (FP16 maxima never need it; an 8-bit field would). */
    @Override
    double ruleGe(TechLibrary tech) {
        return 8 * tech.mux2Ge();
    }

    @Override
    String verilogOffset() {
        return "-" + emax;
    }
}
