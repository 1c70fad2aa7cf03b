package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.ElementGrid;
import dev.bdsim.format.MxFormat;
import dev.bdsim.format.Rounding;
import dev.bdsim.fp16.Fp16;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * An MX element encoder, lane by lane: the FP16 value {@code x} over the block's E8M0 scale
 * {@code field}, rounded to the nearest value of the element grid (ties to the even code, or away
 * from zero), saturating at its largest finite magnitude; zero is encoded positive. In hardware:
 * the significand's leading one and the exponent difference give the element's quantum, one
 * right shift with guard and sticky bits and a rounding increment give the significand, then the
 * code is assembled and clamped. MXINT8 is that format's grid of k / 64; INT4 and INT8 (the block
 * integers) are whole numbers up to 7 and 127.
 */
public final class ElementEncoder extends Hardware {
    private static final Map<String, ElementGrid> GRIDS = Map.of("E2M1", ElementGrid.E2M1, "E2M3", ElementGrid.E2M3, "E3M2",
            ElementGrid.E3M2, "E4M3", ElementGrid.E4M3, "E5M2", ElementGrid.E5M2, "MXINT8", ElementGrid.integer("INT8", 8, -6),
            "INT4", ElementGrid.integer("INT4", 4, 0), "INT8", ElementGrid.integer("INT8", 8, 0));

    /** The encoder's name of an element grid: the MX and block formats' grids by their names, MXINT8's k/64 as MXINT8. */
    public static String formatOf(ElementGrid grid) {
        for (Map.Entry<String, ElementGrid> e : GRIDS.entrySet()) {
            ElementGrid g = e.getValue();
            if (g.name().equals(grid.name()) && g.bits() == grid.bits() && g.unitExponent() == grid.unitExponent()) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("no ElementEncoder for the element grid " + grid.name());
    }

    public static final Kind KIND = new Kind("ElementEncoder", Group.CONTROL,
            "x (FP16, per lane), field (E8M0 scale) -> code: the element of x / 2^(field - 127)",
            List.of(ParamSpec.string("format", null, List.of("E2M1", "E2M3", "E3M2", "E4M3", "E5M2", "MXINT8", "INT4", "INT8"),
                            "element format: MXINT8 is k/64, INT4 and INT8 whole integers"),
                    ParamSpec.string("ties", "even", List.of("even", "away"), "halfway values to the even code or away from zero"),
                    ParamSpec.lanes()),
            (n, p) -> new ElementEncoder(n, GRIDS.get(p.string("format")), p.string("ties").equals("away") ? Rounding.NEAREST_AWAY
                    : Rounding.NEAREST_EVEN, p.intValue("lanes"))).withExample(Map.of("format", "E2M1"));

    /** Bits of the FP16 significand, hidden bit included. */
    private static final int SIGNIFICAND_BITS = 11;

    private final ElementGrid grid;
    private final Rounding rounding;
    private final Port x;
    private final Port field;
    private final Port code;
    private final int lanes;
    private final int encode;

    public ElementEncoder(String name, ElementGrid grid, Rounding rounding, int lanes) {
        super(name);
        this.grid = grid;
        this.rounding = rounding;
        this.lanes = lanes;
        x = input("x", SignalType.unsigned(16), lanes);
        field = input("field", SignalType.unsigned(8), 1);
        code = output("code", SignalType.unsigned(grid.bits()), lanes);
        encode = action("encode");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        double scale = MxFormat.scale((int) get(field));
        for (int l = 0; l < lanes; l++) {
            short h = (short) get(x, l);
            // NaN and infinities never reach a quantizer (the inputs are checked); here they saturate, as in the Verilog
            set(code, l, (h & 0x7c00) == 0x7c00 ? grid.codeOf(grid.maxIndex(), h < 0) : grid.encode(Fp16.toDouble(h), scale, rounding));
        }
        count(encode, lanes);
    }

    /** Stages of the alignment shifter: {@code {sig, guard}} (12 bits) right by up to 12 places. */
    private static final int SHIFT_STAGES = 4;

    /** Bits of the rounded significand r that can be non-zero: a minifloat's M + 2 (hidden bit, mantissa, carry), an integer's magnitude. */
    private int roundedBits() {
        return grid.twosComplement() ? grid.bits() - 1 : grid.mantissaBits() + 2;
    }

    @Override
    public Levels levels() {
        // exponent difference, the rounding position, the alignment shift, the sticky compare and the rounding increment,
        // the index add, the saturation compare and clamp
        return Levels.through(Levels.add(10) + Levels.add(10) + 2.0 * SHIFT_STAGES + Levels.add(roundedBits()) + Levels.add(grid.bits()) + 2);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double fa = tech.fullAdderGe();
        double ha = tech.halfAdderGe();
        int magnitudeBits = grid.bits() - 1;
        int exponentBits = grid.twosComplement() ? 0 : magnitudeBits - grid.mantissaBits();
        // per lane, as the Verilog builds it: the significand's leading and trailing ones (an AND-OR per bit each), the
        // exponent difference over the block scale (10 bits), the rounding position (a 4-bit add into 10 bits and the
        // subnormal distance's negation), the alignment shift of {sig, guard}, the sticky compare (trailing ones against the
        // position), the rounding increment, the binade clamp and its add into the index, the saturation compares and the
        // clamp's multiplexers, the sign gate
        double ge = 2 * SIGNIFICAND_BITS * tech.andGe() + 10 * fa + 4 * fa + 6 * ha + 10 * tech.xorGe()
                + (SIGNIFICAND_BITS + 1) * SHIFT_STAGES * tech.mux2Ge() + 4 * fa + roundedBits() * ha + 8 * tech.andGe()
                + exponentBits * ha + 4 * fa + grid.bits() * (tech.andGe() + tech.mux2Ge()) + tech.andGe();
        return Shape.logic(tech, lanes, ge, grid.bits() / 2.0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int bits = grid.bits();
        boolean integer = grid.twosComplement();
        int mant = integer ? 0 : grid.mantissaBits();
        int emin = grid.unitExponent() + mant;
        int topIndexBits = 32 - Integer.numberOfLeadingZeros(grid.maxIndex());
        // L = floor(log2(|x| / X)); over = L - emin: the binade above the smallest normal (q = over when positive), or how far
        // below it (a subnormal element shifts that much further); p = the significand bit the rounding keeps down to:
        // lead - M, plus the subnormal distance (an integer grid has no normal binades: always over's distance).
        // The right shift of {sig, guard} by p gives r and the guard bit; the sticky bit is set when a one lies below the
        // guard, i.e. when the significand's trailing zeros are fewer than p - 1. A left shift (p < 0) is exact; it saturates
        // once the leading one passes the largest index's top bit.
        String body = "    wire [15:0] c = " + Verilog.lane("x", 16) + ";\n"
                + "    wire [4:0] e = c[14:10];\n"
                + "    wire [10:0] sig = {e != 0, c[9:0]};\n"
                + "    reg [3:0] lead, trail;\n    reg signed [9:0] over, p;\n    reg [7:0] q;\n    reg [11:0] wide, r;\n"
                + "    reg guard, sticky, saturate;\n    reg [" + (bits - 1) + ":0] k;\n    integer i;\n"
                + "    always @* begin\n"
                + "      lead = 0;\n      for (i = 0; i < 11; i = i + 1) if (sig[i]) lead = i;\n"
                + "      trail = 11;\n      for (i = 10; i >= 0; i = i - 1) if (sig[i]) trail = i;\n"
                + "      over = (e != 0 ? $signed({5'd0, e}) - 10'sd15 : $signed({6'd0, lead}) - 10'sd24) - ($signed({2'd0, field}) - 10'sd127)"
                + " - (" + emin + ");\n"
                + (integer ? "      q = 0;\n      p = $signed({6'd0, lead}) - over;\n"
                        : "      q = over > 0 ? (over > 255 ? 8'd255 : over[7:0]) : 8'd0;\n"
                        + "      p = $signed({6'd0, lead}) - " + mant + " + (over < 0 ? -over : 10'sd0);\n")
                + "      saturate = 0;\n      guard = 0;\n      sticky = 0;\n"
                + "      if (p > 12) begin\n        r = 0;\n"
                + "      end else if (p > 0) begin\n        wide = {sig, 1'b0} >> p;\n        r = wide[11:1];\n        guard = wide[0];\n"
                + "        sticky = $signed({6'd0, trail}) < p - 1;\n"
                + "        if (guard && (" + (rounding == Rounding.NEAREST_AWAY ? "1'b1" : "sticky || r[0]") + ")) r = r + 1;\n"
                + "      end else if ($signed({6'd0, lead}) - p >= " + topIndexBits + ") begin\n        r = 0;\n        saturate = 1;\n"
                + "      end else begin\n        r = sig << (-p);\n      end\n"
                + "      if (e == 31) k = " + grid.maxIndex() + ";\n"
                + "      else if (sig == 0) k = 0;\n"
                + "      else if (saturate || q > " + (grid.maxIndex() >> mant) + " || ({4'd0, q} << " + mant + ") + r > " + grid.maxIndex() + ") k = "
                + grid.maxIndex() + ";\n"
                + "      else k = ({4'd0, q} << " + mant + ") + r;\n"
                + "    end\n";
        String assemble = integer
                ? "    assign " + Verilog.lane("code", bits) + " = c[15] ? -k : k;\n"
                : "    assign " + Verilog.lane("code", bits) + " = {c[15] & (k != 0), k[" + (bits - 2) + ":0]};\n";
        return Verilog.forLanes(lanes, body + assemble);
    }
}
