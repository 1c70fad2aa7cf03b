package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.MxFormat;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * An MX format's E8M0 block scale from the block's largest FP16 magnitude {@code amax}:
 * {@code floor(log2 amax) - emax + 127}, 127 for an all-zero block (formats.md). In hardware: the
 * exponent field, or for a subnormal maximum the position of its mantissa's leading one, then one
 * add of a constant.
 */
public final class MxScale extends Hardware {
    public static final Kind KIND = new Kind("MxScale", Group.CONTROL,
            "amax (FP16 magnitude bits) -> field: the E8M0 scale of an MX block",
            List.of(ParamSpec.integer("emax", null, 0, 15, "the element format's largest exponent (emax_elem)")),
            (n, p) -> new MxScale(n, p.intValue("emax"))).withExample(java.util.Map.of("emax", 2L));

    private final Port amax;
    private final Port field;
    private final int emax;
    private final int scale;

    public MxScale(String name, int emax) {
        super(name);
        this.emax = emax;
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
        set(field, MxFormat.scaleField((int) get(amax), emax));
        count(scale, 1);
    }

    @Override
    public Levels levels() {
        // the leading one of 10 mantissa bits, the choice of exponent, the constant add, the zero and range checks
        return Levels.through(Levels.table(4) + Levels.mux(2) + Levels.add(8) + 2);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        // a 10-bit priority encoder (an AND-OR per input bit), the 5-bit choice between it and the exponent field, an 8-bit
        // add of a constant (half adders), the all-zero detection and the clamp to 0..254
        double ge = 10 * 2 * tech.andGe() + 5 * tech.mux2Ge() + 8 * tech.halfAdderGe() + 15 * tech.andGe() + 8 * tech.mux2Ge();
        return Shape.logic(tech, 1, ge, 4);
    }

    @Override
    public String verilogBody(String memoryFile) {
        return "  wire [4:0] e = amax[14:10];\n  reg [4:0] lead;\n  integer i, f;\n"
                + "  always @* begin\n    lead = 0;\n    for (i = 0; i < 10; i = i + 1) if (amax[i]) lead = i;\n"
                + "    f = (e != 0 ? e - 15 : lead - 24) - " + emax + " + 127;\n  end\n"
                + "  assign field = amax == 0 ? 8'd127 : f < 0 ? 8'd0 : f > 254 ? 8'd254 : f[7:0];\n";
    }
}
