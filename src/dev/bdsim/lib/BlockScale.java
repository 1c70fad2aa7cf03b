package dev.bdsim.lib;

import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * A power-of-two block scale from the block's largest FP16 magnitude {@code amax} (15 bits) to an
 * 8-bit biased exponent {@code field}, 127 for an all-zero block. What the kinds share in hardware:
 * {@code floor(log2 amax)} from the exponent field or, for a subnormal maximum, the leading one of
 * its significand; one add into the biased field; the zero detection and the clamp to 0..254.
 */
abstract class BlockScale extends Hardware {
    private final Port amax;
    private final Port field;
    private final int scale;

    BlockScale(String name) {
        super(name);
        amax = input("amax", SignalType.unsigned(15), 1);
        field = output("field", SignalType.unsigned(8), 1);
        scale = action("scale");
    }

    /** The field of a block whose largest magnitude has the FP16 bits {@code amax}. */
    abstract int field(int amax);

    /** Gates beyond the shared ones (the rule's own logic). */
    abstract double ruleGe(TechLibrary tech);

    /** The Verilog of the rule's offset from {@code floor(log2 amax)} to the unbiased exponent, over {@code sig} and {@code lead}. */
    abstract String verilogOffset();

    @Override
    protected final void evaluate() {
        set(field, field((int) get(amax)));
        count(scale, 1);
    }

    @Override
    public final Shape shape(TechLibrary tech) {
        // a 10-bit priority encoder (an AND-OR per input bit), the 5-bit choice between it and the exponent field, an 8-bit
        // add (half adders), the all-zero detection
        double ge = 10 * 2 * tech.andGe() + 5 * tech.mux2Ge() + 8 * tech.halfAdderGe() + 15 * tech.andGe() + ruleGe(tech);
        return Shape.logic(tech, 1, ge, 4);
    }

    @Override
    public final String verilogBody(String memoryFile) {
        return "  wire [4:0] e = amax[14:10];\n  wire [10:0] sig = {e != 0, amax[9:0]};\n  reg [3:0] lead;\n  integer i, f;\n"
                + "  always @* begin\n    lead = 0;\n    for (i = 0; i < 11; i = i + 1) if (sig[i]) lead = i;\n"
                + "    f = (e != 0 ? e - 15 : lead - 24) + " + verilogOffset() + " + 127;\n  end\n"
                + "  assign field = amax == 0 ? 8'd127 : f < 0 ? 8'd0 : f > 254 ? 8'd254 : f[7:0];\n";
    }
}
