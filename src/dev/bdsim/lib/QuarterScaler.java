package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.OnlineScaling;
import dev.bdsim.fp16.Fp16;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * The online quantizer's 5-bit scaling, lane by lane: the FP16 magnitude bits {@code x} of a
 * block with exponent field {@code ebits} to quarter units of {@code q = |x| / 2^(ebits-15)}:
 * {@code u = min(31, round-half-up(4q))} for dialect selection and {@code t = min(31, floor(4q))}
 * for the exact element encoding. In hardware: the exponent difference sets a right shift of the
 * 11-bit significand giving {@code t}, the bit below it rounds {@code u} up, 32 saturates to 31.
 */
public final class QuarterScaler extends Hardware {
    public static final Kind KIND = new Kind("QuarterScaler", Group.CONTROL,
            "x (FP16 magnitude bits), ebits -> u: the 5-bit quarter-unit value of each lane",
            List.of(ParamSpec.lanes()),
            (n, p) -> new QuarterScaler(n, p.intValue("lanes")));

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
    public Kind kind() {
        return KIND;
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

    @Override
    public Levels levels() {
        // exponent difference, the significand's right shift, the rounding increment, saturation
        return Levels.through(Levels.add(5) + 2.0 * SHIFT_LEVELS + Levels.add(6) + 2);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double fa = tech.fullAdderGe();
        double logic = tech.logicPjPerGe();
        // exponent difference, a right shift of the 11-bit significand, the rounding increment, saturation
        double ge = 5 * fa + QuarterScaler.SIGNIFICAND_BITS * QuarterScaler.SHIFT_LEVELS * tech.mux2Ge()
                + 6 * tech.halfAdderGe() + 5 * tech.andGe();
        return new Shape(lanes * ge, ge * logic, 2.5, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        // floor(8q) = significand >> (ebits + 7 - e'), e' = max(e, 1) the element's exponent: one right shift of the
        // 11-bit significand; a negative shift leaves at least 2^11 eighths, which saturates.
        // u = min(31, (floor(8q) + 1) >> 1) rounds half up, t = min(31, floor(8q) >> 1) truncates
        return Verilog.forLanes(lanesOf("x"), "    wire [4:0] e = x[l*15 + 10 +: 5];\n"
                + "    wire [10:0] significand = e == 0 ? {1'b0, x[l*15 +: 10]} : {1'b1, x[l*15 +: 10]};\n"
                + "    wire [6:0] s = {2'd0, ebits} + 7'd7 - (e == 0 ? 7'd1 : {2'd0, e});\n"
                + "    wire [10:0] eighths = s[6] ? 11'h7ff : s[5:4] != 0 ? 11'd0 : significand >> s[3:0];\n"
                + "    wire [10:0] q = ({1'b0, eighths[10:1]}) + {10'd0, eighths[0]};\n"
                + "    wire [9:0] tq = eighths[10:1];\n"
                + "    assign u[l*5 +: 5] = q > 31 ? 5'd31 : q[4:0];\n"
                + "    assign t[l*5 +: 5] = tq > 31 ? 5'd31 : tq[4:0];\n");
    }
}
