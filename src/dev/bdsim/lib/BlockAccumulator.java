package dev.bdsim.lib;

import dev.bdsim.arith.Accumulator;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Fp32Verilog;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port.Timing;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * The output accumulator of a MAC datapath: on a clock edge with {@code valid} high it adds the
 * block sum {@code p * 2^exponent}, exactly as the functional GEMM does (FP32 or fixed point,
 * saturating or wrapping). With {@code terms} above 1, {@code p} and {@code exponent} have that
 * many lanes, added one after the other in lane order (a chain of adders, as an FP16 MAC array
 * feeding an FP32 accumulator needs). {@code clear} empties it first. {@code acc} shows the register: FP32
 * bits ({@code u32}) or the fixed-point value ({@code s<width>}). Overflowing adds count as
 * {@code overflow} actions.
 */
public final class BlockAccumulator extends Hardware {
    /** The action counted for each add that overflowed: bookkeeping, not work. */
    public static final String OVERFLOW = "overflow";

    /** Adds that overflowed (saturated or wrapped) over every accumulator of a run's activity. */
    public static long overflows(java.util.List<dev.bdsim.kernel.Activity> activity) {
        return activity.stream().mapToLong(a -> a.action(OVERFLOW)).sum();
    }

    public static final Kind KIND = new Kind("Accumulator", Group.ACCUMULATOR,
            "p, exponent, valid, clear -> acc: adds p * 2^exponent like the functional GEMM",
            List.of(ParamSpec.string("acc", "fp32", List.of(), "fp32 or fixed:W:F[:wrap]"),
                    ParamSpec.integer("p_bits", null, 2, 128, "bits of the signed block sum p"),
                    ParamSpec.integer("exp_bits", 8L, 2, 16, "bits of the signed exponent"),
                    ParamSpec.integer("terms", 1L, 1, 4096, "lanes of p and exponent added per valid edge, in lane order")),
            (n, p) -> new BlockAccumulator(n, AccumulatorSpec.parse(p.string("acc")), p.intValue("p_bits"),
                    p.intValue("exp_bits"), p.intValue("terms"))).withExample(Map.of("p_bits", 16L, "acc", "fixed:20:4"));

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
        overflow = action(OVERFLOW);
    }

    public AccumulatorSpec spec() {
        return spec;
    }

    @Override
    public Kind kind() {
        return KIND;
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

    @Override
    public Levels levels() {
        int p = width("p");
        int shift = Math.min(width("exponent"), 6);
        boolean fp32 = !port("acc").type().signed();
        // align the block sum (a shifter), add; for FP32 also align the smaller operand, then find the leading one and normalise
        double align = Levels.mux(1 << shift);
        double add = fp32 ? Levels.add(24) + Levels.mux(32) + Levels.add(24) / 2 + Levels.mux(32) : Levels.add(width("acc"));
        return Levels.into(align + add + (p > 24 ? 2 : 0));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double ff = tech.resetFlipFlopGe();
        double fa = tech.fullAdderGe();
        double logic = tech.logicPjPerGe();
        int terms = port("p").lanes();
        int p = width("p");
        int acc = width("acc");
        int shiftBits = width("exponent");
        boolean fp32 = !port("acc").type().signed();
        // FP32: align, 24-bit add, normalise (two 24 x 5 shifters), plus converting the integer block sum
        double adderGe = fp32 ? 24 * fa + 2 * 24 * 5 * tech.mux2Ge() : acc * fa;
        double alignGe = p * Math.min(shiftBits, 6) * tech.mux2Ge();
        double ge = terms * (adderGe + alignGe) + acc * ff;
        double pj = (fp32 ? tech.fp32AddPj() : acc * tech.bitAddPj()) + alignGe * logic;
        return new Shape(ge, pj, acc / 2.0, acc, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        AccumulatorSpec spec = spec();
        int wp = port("p").type().width();
        int we = port("exponent").type().width();
        int terms = port("p").lanes();
        StringBuilder e = new StringBuilder();
        if (spec.kind() == AccumulatorSpec.Kind.FP32) {
            e.append(Fp32Verilog.functions(wp));
            e.append("  reg [31:0] acc_r, next;\n  integer t;\n  initial acc_r = 0;\n")
                    .append("  always @* begin\n    next = clear ? 32'd0 : acc_r;\n")
                    .append("    for (t = 0; t < " + terms + "; t = t + 1)\n")
                    .append("      next = fp32_add(next, scaled_to_fp32(" + Verilog.extend("p", "t", wp, wp, true) + ", "
                            + Verilog.extend("exponent", "t", we, 16, true) + "));\n  end\n")
                    .append("  always @(posedge clk)\n    if (rst) acc_r <= 0;\n    else if (valid) acc_r <= next;\n    else if (clear) acc_r <= 0;\n")
                    .append("  assign acc = acc_r;\n");
            return e.toString();
        }
        int width = spec.width();
        int f = spec.fractionBits();
        // the aligned term: p shifted left at most width + 1 places (further, it overflows whatever the accumulator holds), or
        // right with the sign filling in; acc plus such a term fits width + wp + 2 bits
        int wide = width + wp + 2;
        String max = "$signed({{" + (wide - width + 1) + "{1'b0}}, {" + (width - 1) + "{1'b1}}})";
        String min = "-$signed({{" + (wide - width) + "{1'b0}}, 1'b1, {" + (width - 1) + "{1'b0}}})";
        e.append("  reg signed [" + (width - 1) + ":0] acc_r;\n  reg signed [" + (wide - 1) + ":0] sum, aligned;\n")
                .append("  reg signed [" + (wp - 1) + ":0] pt;\n  reg signed [16:0] shift;\n  reg huge;\n  integer t;\n  initial acc_r = 0;\n")
                .append("  always @* begin\n    sum = clear ? 0 : " + Verilog.extend("acc_r", null, width, wide, true) + ";\n")
                .append("    for (t = 0; t < " + terms + "; t = t + 1) begin\n")
                .append("      pt = p[t*" + wp + " +: " + wp + "];\n")
                .append("      shift = $signed(" + Verilog.extend("exponent", "t", we, 17, true) + ") + " + f + ";\n")
                .append("      huge = pt != 0 && shift > " + (width + 1) + ";\n")
                .append("      if (shift > " + (width + 1) + ") aligned = 0;\n")
                .append("      else if (shift >= 0) aligned = $signed(" + Verilog.extend("pt", null, wp, wide, true) + ") <<< shift;\n")
                .append("      else if (shift <= -" + wp + ") aligned = pt < 0 ? -1 : 0;\n")
                .append("      else aligned = $signed(" + Verilog.extend("pt", null, wp, wide, true) + ") >>> (-shift);\n")
                .append(spec.wrap()
                        ? "      sum = sum + aligned;\n      if (sum > " + max + " || sum < " + min + ") sum = $signed(sum[" + (width - 1) + ":0]);\n"
                        : "      sum = huge ? (pt < 0 ? " + min + " : " + max + ") : sum + aligned;\n"
                        + "      if (sum > " + max + ") sum = " + max + ";\n      else if (sum < " + min + ") sum = " + min + ";\n")
                .append("    end\n  end\n")
                .append("  always @(posedge clk)\n    if (rst) acc_r <= 0;\n    else if (valid) acc_r <= sum[" + (width - 1) + ":0];\n"
                        + "    else if (clear) acc_r <= 0;\n")
                .append("  assign acc = acc_r;\n");
        return e.toString();
    }

    @Override
    public boolean isWork(String action) {
        return !action.equals(OVERFLOW);
    }
}
