package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.CodeTables;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.ElementGrid;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * Decodes element codes of a minifloat or integer format ({@link ElementGrid}) lane by lane, in
 * units of the grid's least step: {@code value} (signed), {@code sign} and {@code magnitude}, and
 * the floating-point view {@code magnitude = significand << shift} (significand with its hidden
 * bit, shift = biased exponent - 1, or 0 for subnormals and integers). Codes outside the finite
 * grid (NaN, infinities) decode to 0 and raise {@code invalid}.
 */
public final class ElementDecoder extends Hardware implements CodeTables {
    /** Element formats an ElementDecoder decodes, by name. */
    private static final Map<String, ElementGrid> GRIDS = gridsByName();
    /** Codes of at most this many bits decode by a constant table; wider ones (FP16) by their fields. */
    private static final int TABLE_CODE_BITS = 10;

    public static final Kind KIND = new Kind("ElementDecoder", Group.DECODER,
            "code -> value (signed integer in the grid's least step), invalid (NaN/Inf codes)",
            List.of(ParamSpec.string("format", null, List.copyOf(GRIDS.keySet()), "element format"), ParamSpec.lanes()),
            (n, p) -> new ElementDecoder(n, GRIDS.get(p.string("format")), p.intValue("lanes"))).withExample(Map.of("format", "E2M1"));

    private final Port code;
    private final Port value;
    private final Port sign;
    private final Port magnitude;
    private final Port significand;
    private final Port shift;
    private final Port invalid;
    private final int lanes;
    private final long[] values;
    private final long[] significands;
    private final int[] shifts;
    private final boolean[] nonFinite;
    private final int decode;
    private final boolean integer;

    public ElementDecoder(String name, ElementGrid grid, int lanes) {
        super(name);
        this.lanes = lanes;
        this.integer = grid.twosComplement();
        int codes = 1 << grid.bits();
        values = new long[codes];
        significands = new long[codes];
        shifts = new int[codes];
        nonFinite = new boolean[codes];
        int magnitudeMask = (1 << (grid.bits() - 1)) - 1;
        int mantissaBits = grid.mantissaBits();
        for (int c = 0; c < codes; c++) {
            if (!grid.twosComplement() && (c & magnitudeMask) > grid.maxIndex()) {
                nonFinite[c] = true;
                continue;
            }
            values[c] = grid.signedUnits(c);
            long mag = Math.abs(values[c]);
            if (grid.twosComplement()) {
                significands[c] = mag;
            } else {
                int biased = (c & magnitudeMask) >> mantissaBits;
                shifts[c] = Math.max(biased - 1, 0);
                significands[c] = biased == 0 ? mag : mag >> shifts[c];
            }
        }
        long maxMagnitude = grid.twosComplement() ? 1L << (grid.bits() - 1) : grid.maxUnits();
        int maxShift = 0;
        long maxSignificand = 0;
        for (int c = 0; c < codes; c++) {
            maxShift = Math.max(maxShift, shifts[c]);
            maxSignificand = Math.max(maxSignificand, significands[c]);
        }
        code = input("code", SignalType.unsigned(grid.bits()), lanes);
        value = output("value", valueType(grid), lanes);
        sign = output("sign", SignalType.BIT, lanes);
        magnitude = output("magnitude", SignalType.unsigned(bitsFor(maxMagnitude)), lanes);
        significand = output("significand", SignalType.unsigned(bitsFor(maxSignificand)), lanes);
        shift = output("shift", SignalType.unsigned(bitsFor(maxShift)), lanes);
        invalid = output("invalid", SignalType.BIT, lanes);
        decode = action("decode");
    }

    private static int bitsFor(long max) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    }

    /** Signed, just wide enough for the largest magnitude (and -2^(bits-1) of an integer grid). */
    public static SignalType valueType(ElementGrid grid) {
        long max = grid.twosComplement() ? 1L << (grid.bits() - 1) : grid.maxUnits();
        return SignalType.signed(bitsFor(max) + 1);
    }

    /** True for two's-complement integer formats, whose codes need no decoding. */
    public boolean integer() {
        return integer;
    }

    /** What the decoder gives for a code: value, significand, shift, and whether the code is NaN/Inf. */
    public record Decoded(long value, long significand, int shift, boolean invalid) {}

    public Decoded decode(int code) {
        return new Decoded(values[code], significands[code], shifts[code], nonFinite[code]);
    }

    @Override
    public Port code() {
        return code;
    }

    /** The magnitude's, the significand's and the value's table of the code, for codes that decode by a table. */
    @Override
    public long[] table(Port out) {
        if (code.type().width() > TABLE_CODE_BITS || (out != magnitude && out != significand && out != value)) {
            return null;
        }
        long[] t = new long[values.length];
        for (int c = 0; c < t.length; c++) {
            t[c] = out == value ? values[c] : out == magnitude ? Math.abs(values[c]) : significands[c];
        }
        return t;
    }

    /** An integer's priced logic is its magnitude's negation; a minifloat's exponent decrement serves all but the sign. */
    @Override
    public List<Port> pricedOutputs() {
        return integer ? List.of(magnitude) : List.of(value, magnitude, significand, shift);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            int c = (int) get(code, l);
            long v = values[c];
            set(value, l, v);
            set(sign, l, v < 0 ? 1 : 0);
            set(magnitude, l, Math.abs(v));
            set(significand, l, significands[c]);
            set(shift, l, shifts[c]);
            set(invalid, l, nonFinite[c] ? 1 : 0);
        }
        count(decode, lanes);
    }

    @Override
    public Levels levels() {
        // integers: the sign-magnitude negation (XOR, increment); minifloats: the hidden bit and exponent - 1
        return Levels.through(integer() ? 2 + Levels.add(width("code")) : Levels.add(width("shift")) + 1);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double logic = tech.logicPjPerGe();
        int code = width("code");
        int shift = width("shift");
        // integers: a conditional negation for sign-magnitude; minifloats by a table: hidden bit and exponent - 1
        double ge = integer() ? Abs.negationGe(code, tech) : code > TABLE_CODE_BITS ? fieldsGe(tech) : shift * (tech.halfAdderGe() + tech.andGe());
        return new Shape(lanes * ge, ge * logic, 0, 0, 0).drivenByInputs(code / 2.0);
    }

    /**
     * A minifloat decoded by its fields, gate by gate as its Verilog reads: the exponent's decrement (bit i the XNOR of
     * e_i and the OR of the bits below; that OR chain, one gate longer, tells a non-zero exponent), the all-ones test
     * of NaN and infinity, the significand's bits and hidden bit zeroed for those, the shift zeroed for them and for a
     * subnormal, and the sign given only to a non-zero significand (the OR of its bits, then an AND).
     */
    private double fieldsGe(TechLibrary tech) {
        int mant = width("significand") - 1;
        int exponent = width("code") - 1 - mant;
        int gates = (exponent - 2) + 1 + (exponent - 1) + (mant + 1) + width("shift") + (mant + 1);
        return (exponent - 1) * tech.xorGe() + gates * tech.muxTreeGateGe();
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wc = port("code").type().width();
        int wv = port("value").type().width();
        int wm = port("magnitude").type().width();
        int wsig = port("significand").type().width();
        int wsh = port("shift").type().width();
        StringBuilder e = new StringBuilder();
        e.append("    reg [" + (wv - 1) + ":0] v;\n    reg [" + (wsig - 1) + ":0] sig;\n    reg [" + (wsh - 1) + ":0] sh;\n    reg bad;\n");
        if (wc <= TABLE_CODE_BITS) {
            e.append("    always @* case (" + Verilog.lane("code", wc) + ")\n");
            for (int code = 0; code < 1 << wc; code++) {
                ElementDecoder.Decoded x = decode(code);
                e.append("      ").append(code).append(": begin v = ").append(Verilog.literal(wv, x.value())).append("; sig = ")
                        .append(x.significand()).append("; sh = ").append(x.shift()).append("; bad = ").append(x.invalid() ? 1 : 0)
                        .append("; end\n");
            }
            e.append("      default: begin v = 0; sig = 0; sh = 0; bad = 0; end\n    endcase\n");
        } else {
            // a minifloat too wide for a table (FP16): hidden bit, shift = max(e - 1, 0), e all ones is NaN/Inf
            int mant = port("significand").type().width() - 1;
            int ebits = wc - 1 - mant;
            e.append("    wire [" + (wc - 1) + ":0] c = " + Verilog.lane("code", wc) + ";\n")
                    .append("    wire [" + (ebits - 1) + ":0] ex = c[" + (wc - 2) + ":" + mant + "];\n")
                    .append("    wire [" + (mant - 1) + ":0] mt = c[" + (mant - 1) + ":0];\n")
                    .append("    always @* begin\n      bad = &ex;\n      sig = bad ? 0 : (ex == 0 ? {1'b0, mt} : {1'b1, mt});\n")
                    .append("      sh = (bad || ex == 0) ? 0 : ex - 1;\n")
                    .append("      v = c[" + (wc - 1) + "] ? -(" + Verilog.extend("sig", null, wsig, wv, false) + " << sh) : ("
                            + Verilog.extend("sig", null, wsig, wv, false) + " << sh);\n    end\n");
        }
        // a minifloat's magnitude is its significand shifted, its sign the code's for a non-zero significand: the
        // value's negation is left to those that use the value
        String sign = integer() ? "v[" + (wv - 1) + "]" : "code[l*" + wc + " + " + (wc - 1) + "] & |sig";
        String magnitude = integer() ? "v[" + (wv - 1) + "] ? -v : v" : "(" + Verilog.extend("sig", null, wsig, wm, false) + " << sh)";
        e.append("    assign " + Verilog.lane("value", wv) + " = v;\n    assign sign[l] = " + sign + ";\n")
                .append("    assign " + Verilog.lane("magnitude", wm) + " = " + magnitude + ";\n")
                .append("    assign " + Verilog.lane("significand", wsig) + " = sig;\n    assign " + Verilog.lane("shift", wsh) + " = sh;\n")
                .append("    assign invalid[l] = bad;\n");
        return Verilog.forLanes(port("code").lanes(), e.toString());
    }

    private static Map<String, ElementGrid> gridsByName() {
        Map<String, ElementGrid> grids = new java.util.LinkedHashMap<>();
        for (ElementGrid g : List.of(ElementGrid.E2M1, ElementGrid.E2M3, ElementGrid.E3M2, ElementGrid.E4M3, ElementGrid.E5M2, ElementGrid.E5M10,
                ElementGrid.integer("INT4", 4, 0), ElementGrid.integer("INT8", 8, 0))) {
            grids.put(g.name(), g);
        }
        return grids;
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        String units = e.bind(values);
        e.forLanes(lanes, () -> {
            e.line("int c = (int) " + e.in(code, "l") + "; long units = " + units + "[c];");
            e.write(value, "l", "units");
            e.write(sign, "l", "units < 0 ? 1 : 0");
            e.write(magnitude, "l", "Math.abs(units)");
            e.write(significand, "l", e.bind(significands) + "[c]");
            e.write(shift, "l", e.bind(shifts) + "[c]");
            e.write(invalid, "l", e.bind(nonFinite) + "[c] ? 1 : 0");
        });
        e.line(e.count(decode, lanes));
        return true;
    }
}
