package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.IntBlockFormat;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * A block integer format's power-of-two scale from the block's largest FP16 magnitude {@code amax}:
 * the biased exponent of the smallest {@code X = 2^e} with {@code (2^(b-1) - 1) X >= amax}
 * (formats.md), 127 for an all-zero block. With {@code amax = m 2^f}, {@code 1 <= m < 2}:
 * {@code e = f - b + 2}, one more when {@code m} exceeds {@code (2^(b-1) - 1) / 2^(b-2)}; in hardware
 * the exponent (or a subnormal's leading one), the significand normalised and compared with that
 * constant, one add.
 */
public final class IntScale extends Hardware {
    public static final Kind KIND = new Kind("IntScale", Group.CONTROL,
            "amax (FP16 magnitude bits) -> field: the biased scale exponent of a block of b-bit integers",
            List.of(ParamSpec.integer("bits", null, 2, 8, "element bits b (symmetric: the largest magnitude is 2^(b-1) - 1)")),
            (n, p) -> new IntScale(n, p.intValue("bits"))).withExample(java.util.Map.of("bits", 4L));

    private final Port amax;
    private final Port field;
    private final int bits;
    private final int scale;

    public IntScale(String name, int bits) {
        super(name);
        this.bits = bits;
        amax = input("amax", SignalType.unsigned(15), 1);
        field = output("field", SignalType.unsigned(8), 1);
        scale = action("scale");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        set(field, IntBlockFormat.scaleField((int) get(amax), bits));
        count(scale, 1);
    }

    @Override
    public Levels levels() {
        // the leading one, the normalising shift, the compare with the constant, the add
        return Levels.through(Levels.table(4) + 2.0 * 4 + Levels.add(11) + Levels.add(8) + 2);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        // a 10-bit priority encoder, a 4-stage normalising shift of the 11-bit significand, an 11-bit compare with a constant
        // (an AND-OR per bit), the 5-bit choice of exponent, an 8-bit add with the compare's carry, the zero detection
        double ge = 10 * 2 * tech.andGe() + 11 * 4 * tech.mux2Ge() + 11 * 2 * tech.andGe() + 5 * tech.mux2Ge() + 8 * tech.halfAdderGe()
                + 15 * tech.andGe();
        return Shape.logic(tech, 1, ge, 4);
    }

    @Override
    public String verilogBody(String memoryFile) {
        // m > (2^(b-1) - 1) / 2^(b-2), on the significand normalised to 11 bits (leading one at bit 10)
        long threshold = ((1L << (bits - 1)) - 1) << (12 - bits);
        return "  wire [4:0] e = amax[14:10];\n  wire [10:0] sig = {e != 0, amax[9:0]};\n  reg [3:0] lead;\n  integer i, f;\n"
                + "  always @* begin\n    lead = 0;\n    for (i = 0; i < 11; i = i + 1) if (sig[i]) lead = i;\n"
                + "    f = (e != 0 ? e - 15 : lead - 24) - " + (bits - 2) + " + ((sig << (10 - lead)) > " + threshold + " ? 1 : 0) + 127;\n"
                + "  end\n"
                + "  assign field = amax == 0 ? 8'd127 : f < 0 ? 8'd0 : f > 254 ? 8'd254 : f[7:0];\n";
    }
}
