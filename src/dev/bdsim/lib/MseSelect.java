package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.Formatbook;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.ExhaustiveQuantizer;

import java.util.List;

/**
 * The exhaustive dialect selector: per lane and dialect a squared-error table, per dialect an
 * adder tree over the lanes and an accumulator over the block's chunks ({@code valid},
 * {@code first} .. {@code last}); at the last chunk a comparator tree picks the dialect of least
 * total (ties to the lower id), held in {@code dialect} until the next block finishes.
 */
public final class MseSelect extends BlockReducer {
    public static final Kind KIND = new Kind("MseSelect", Group.CONTROL,
            "u (per lane), valid, first, last -> dialect: the least summed squared error over all dialects",
            List.of(ParamSpec.formatbook(), ParamSpec.lanes(), ParamSpec.block()),
            (n, p) -> new MseSelect(n, p.formatbook(), p.intValue("lanes"), p.intValue("block")));

    private final Formatbook book;
    private final Port u;
    private final int lanes;
    private final int errorBits;
    private final int sumBits;
    private final long[] cost;
    private final int trial;

    public MseSelect(String name, Formatbook book, int lanes, int block) {
        super(name, "dialect", SignalType.unsigned(book.dialectBits()));
        this.book = book;
        this.lanes = lanes;
        int worst = 0;
        for (int d = 0; d < book.dialects(); d++) {
            for (int v = 0; v < Formatbook.QUARTER_UNITS; v++) {
                worst = Math.max(worst, ExhaustiveQuantizer.squaredError(book, d, v));
            }
        }
        errorBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(worst));
        sumBits = 64 - Long.numberOfLeadingZeros((long) worst * block);
        cost = new long[book.dialects()];
        u = sampledInput("u", SignalType.unsigned(5), lanes);
        trial = action("trial");
    }

    public int dialects() {
        return cost.length;
    }

    /** Bits of one squared error. */
    public int errorBits() {
        return errorBits;
    }

    /** Bits of a dialect's accumulated error over a block. */
    public int sumBits() {
        return sumBits;
    }

    public int squaredError(int d, int u) {
        return ExhaustiveQuantizer.squaredError(book, d, u);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected long addChunk(boolean restart) {
        long toggles = 0;
        for (int d = 0; d < cost.length; d++) {
            long sum = restart ? 0 : cost[d];
            for (int l = 0; l < lanes; l++) {
                sum += ExhaustiveQuantizer.squaredError(book, d, (int) get(u, l));
            }
            toggles += Long.bitCount(sum ^ cost[d]);
            cost[d] = sum;
        }
        count(trial, (long) lanes * cost.length);
        return toggles;
    }

    @Override
    protected long blockResult() {
        return ExhaustiveQuantizer.cheapest(cost);
    }

    @Override
    protected void clear() {
        java.util.Arrays.fill(cost, 0);
    }

    @Override
    public Levels levels() {
        // per lane the squared-error table, the lanes' adder tree into each dialect's sum, then the comparator tree
        return Levels.into(Levels.table(5) + Levels.reduce(maxLanes() + 1) + Levels.add(sumBits())
                + Levels.log2(dialects()) * (Levels.add(sumBits()) + Levels.mux(2)));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double ff = tech.resetFlipFlopGe();
        double fa = tech.fullAdderGe();
        double logic = tech.logicPjPerGe();
        // per lane and dialect a squared-error table and its adder-tree share; per dialect an accumulator;
        // a comparator tree over the dialects' totals
        int d = width("dialect");
        double trial = Shape.lupanovGe(5, errorBits()) + sumBits() * fa;
        double shared = dialects() * sumBits() * fa + (dialects() - 1) * (sumBits() * fa + (sumBits() + d) * tech.mux2Ge());
        long regs = (long) dialects() * sumBits() + d;
        return new Shape((double) lanes * dialects() * trial + shared + regs * ff, trial * logic, errorBits() / 2.0, regs, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int d = dialects();
        int wd = width("dialect");
        int n = lanesOf("u");
        int sb = sumBits() + 1;
        StringBuilder e = new StringBuilder("  function [" + (errorBits() - 1) + ":0] err2(input [" + (wd - 1) + ":0] d, input [4:0] u);\n"
                + "    case ({d, u})\n");
        for (int k = 0; k < d; k++) {
            for (int u = 0; u < 32; u++) {
                int v = squaredError(k, u);
                if (v != 0) {
                    e.append("      ").append(k << 5 | u).append(": err2 = ").append(v).append(";\n");
                }
            }
        }
        e.append("      default: err2 = 0;\n    endcase\n  endfunction\n");
        e.append("  reg [" + (sb - 1) + ":0] cost [0:" + (d - 1) + "];\n  reg [" + (sb - 1) + ":0] next [0:" + (d - 1) + "];\n"
                + "  reg [" + (wd - 1) + ":0] held, best;\n  reg [" + (sb - 1) + ":0] bestCost;\n  integer i, k;\n"
                + "  initial begin held = 0; for (k = 0; k < " + d + "; k = k + 1) cost[k] = 0; end\n"
                + "  always @* begin\n    for (k = 0; k < " + d + "; k = k + 1) begin\n      next[k] = first ? 0 : cost[k];\n"
                + "      for (i = 0; i < " + n + "; i = i + 1) next[k] = next[k] + err2(k, u[i*5 +: 5]);\n    end\n"
                + "    best = 0; bestCost = next[0];\n"
                + "    for (k = 1; k < " + d + "; k = k + 1) if (next[k] < bestCost) begin best = k; bestCost = next[k]; end\n  end\n"
                + "  always @(posedge clk)\n    if (rst) begin held <= 0; for (k = 0; k < " + d + "; k = k + 1) cost[k] <= 0; end\n"
                + "    else if (valid) begin for (k = 0; k < " + d + "; k = k + 1) cost[k] <= next[k]; if (last) held <= best; end\n"
                + "  assign dialect = held;\n");
        return e.toString();
    }
}
