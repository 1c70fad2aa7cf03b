package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
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
 * total (ties to the lower id: a tournament of pairs, the left one winning a tie), held in
 * {@code dialect} until the next block finishes. With {@code stages} > 0 the tree is cut by that
 * many register stages (each holding the candidates still in the running, with a valid bit), so
 * the dialect appears {@code stages} edges later and the clock can be faster (the quantizer
 * driver picks the stages a clock needs from the netlist's static timing).
 */
public final class MseSelect extends BlockReducer {
    public static final Kind KIND = new Kind("MseSelect", Group.CONTROL,
            "u (per lane), valid, first, last -> dialect: the least summed squared error over all dialects",
            List.of(ParamSpec.formatbook(), ParamSpec.lanes(), ParamSpec.block(),
                    ParamSpec.integer("stages", 0L, 0, 8, "register stages cutting the comparator tree (the dialect comes that many edges later)")),
            (n, p) -> new MseSelect(n, p.formatbook(), p.intValue("lanes"), p.intValue("block"), p.intValue("stages")));

    private final Formatbook book;
    private final Port u;
    private final int lanes;
    private final int errorBits;
    private final int sumBits;
    private final long[] cost;
    private final int trial;
    private final int stages;
    /** Tree levels (0 = the dialects' totals, levels() = the winner) at which each stage's registers sit. */
    private final int[] boundary;
    private final long[][] stageCost;
    private final int[][] stageId;
    private final boolean[] stageValid;
    /** 0 .. dialects - 1: the ids of the tournament's first level. */
    private final int[] dialectIds;

    public MseSelect(String name, Formatbook book, int lanes, int block) {
        this(name, book, lanes, block, 0);
    }

    public MseSelect(String name, Formatbook book, int lanes, int block, int stages) {
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
        int levels = treeLevels();
        if (stages > levels) {
            throw new IllegalArgumentException("stages = " + stages + ": the comparator tree over " + book.dialects() + " dialects has only "
                    + levels + " levels to cut");
        }
        this.stages = stages;
        dialectIds = java.util.stream.IntStream.range(0, book.dialects()).toArray();
        boundary = new int[stages];
        stageCost = new long[stages][];
        stageId = new int[stages][];
        stageValid = new boolean[stages];
        for (int k = 0; k < stages; k++) {
            // the tree's levels split as evenly as the cuts allow, the later segments taking the remainder
            boundary[k] = (k + 1) * levels / (stages + 1);
            stageCost[k] = new long[candidates(boundary[k])];
            stageId[k] = new int[candidates(boundary[k])];
        }
    }

    /** Levels of the comparator tree over the dialects. */
    public int treeLevels() {
        return cost.length <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(cost.length - 1);
    }

    public int stages() {
        return stages;
    }

    /** Candidates left after {@code level} levels of the tournament. */
    int candidates(int level) {
        int n = cost.length;
        for (int l = 0; l < level; l++) {
            n = (n + 1) / 2;
        }
        return n;
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
    protected long finish(boolean finished) {
        if (stages == 0) {
            return super.finish(finished);
        }
        long toggles = 0;
        // the last stage's candidates finish their levels into the held dialect, every stage takes the one before it
        if (stageValid[stages - 1]) {
            long[] c = stageCost[stages - 1].clone();
            int[] id = stageId[stages - 1].clone();
            play(c, id, boundary[stages - 1], treeLevels());
            toggles += hold(id[0]);
        }
        for (int k = stages - 1; k >= 1; k--) {
            toggles += load(k, stageValid[k - 1], stageCost[k - 1], stageId[k - 1], boundary[k - 1]);
        }
        toggles += load(0, finished, cost, dialectIds, 0);
        return toggles;
    }

    /** Stage k takes the candidates at tree level {@code from}, reduced to its boundary; returns the register bits that flipped. */
    private long load(int k, boolean valid, long[] costs, int[] ids, int from) {
        stageValid[k] = valid;
        if (!valid) {
            return 0;
        }
        long[] c = costs.clone();
        int[] id = ids.clone();
        int n = play(c, id, from, boundary[k]);
        long toggles = 0;
        for (int i = 0; i < n; i++) {
            toggles += Long.bitCount(c[i] ^ stageCost[k][i]) + Integer.bitCount(id[i] ^ stageId[k][i]);
            stageCost[k][i] = c[i];
            stageId[k][i] = id[i];
        }
        return toggles;
    }

    /** Plays the tournament's levels {@code from} to {@code to} in place over the candidates' costs and ids; returns how many are left. */
    private int play(long[] c, int[] id, int from, int to) {
        int n = candidates(from);
        for (int l = from; l < to; l++) {
            int m = (n + 1) / 2;
            for (int i = 0; i < m; i++) {
                int a = 2 * i;
                int b = a + 1;
                boolean right = b < n && c[b] < c[a];
                c[i] = right ? c[b] : c[a];
                id[i] = right ? id[b] : id[a];
            }
            n = m;
        }
        return n;
    }

    @Override
    protected void clear() {
        java.util.Arrays.fill(cost, 0);
        for (int k = 0; k < stages; k++) {
            stageValid[k] = false;
            java.util.Arrays.fill(stageCost[k], 0);
            java.util.Arrays.fill(stageId[k], 0);
        }
    }

    @Override
    public Levels levels() {
        // per lane the squared-error table, the lanes' adder tree into each dialect's sum, then the comparator tree's levels up to
        // the first stage registers; each later segment of the tree between registers is a stage of its own
        double perLevel = Levels.add(sumBits() + 1) + Levels.mux(2);
        double accumulate = Levels.table(5) + Levels.reduce(maxLanes() + 1) + Levels.add(sumBits() + 1);
        if (stages == 0) {
            return Levels.into(accumulate + treeLevels() * perLevel);
        }
        int deepest = treeLevels() - boundary[stages - 1];
        for (int k = 1; k < stages; k++) {
            deepest = Math.max(deepest, boundary[k] - boundary[k - 1]);
        }
        return new Levels(0, accumulate + boundary[0] * perLevel, deepest * perLevel);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double ff = tech.resetFlipFlopGe();
        double fa = tech.fullAdderGe();
        double logic = tech.logicPjPerGe();
        // per lane and dialect a squared-error table; per dialect an adder tree over the lanes' errors and an
        // accumulator (cleared by `first`, loaded on `valid`) adding the tree's sum, whose carry into the upper
        // bits is a half-adder chain; a comparator tree over the dialects' totals
        int d = width("dialect");
        double tables = 0;
        for (int k = 0; k < dialects(); k++) {
            long[] errors = new long[32];
            for (int u = 0; u < 32; u++) {
                errors[u] = squaredError(k, u);
            }
            tables += TableLogic.ge(errors, 5, errorBits(), tech);
        }
        int treeSum = Math.min(errorBits() + AdderTree.levels(lanes), sumBits());
        double accumulate = AdderTree.adderBits(lanes, errorBits()) * fa + treeSum * fa + (sumBits() - treeSum) * tech.halfAdderGe()
                + sumBits() * tech.andGe();
        double trial = tables / dialects() + accumulate / lanes;
        double shared = (dialects() - 1) * (sumBits() * tech.comparatorBitGe() + (sumBits() + d) * tech.mux2Ge());
        long regs = (long) dialects() * sumBits() + d;
        for (int k = 0; k < stages; k++) {
            regs += (long) candidates(boundary[k]) * (sumBits() + 1 + d) + 1;
        }
        // every register but the stage valid bits loads on an enable
        double registers = (regs - stages) * tech.enabledFlipFlopGe() + stages * ff;
        return new Shape((double) lanes * dialects() * trial + shared + registers, trial * logic, errorBits() / 2.0, regs, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int d = dialects();
        int wd = width("dialect");
        int n = lanesOf("u");
        int sb = sumBits() + 1;
        int levels = treeLevels();
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
                + "  reg [" + (wd - 1) + ":0] held;\n  integer i, k;\n");
        // the tournament's levels (combinational) and the stage registers cutting it
        for (int l = 0; l <= levels; l++) {
            e.append("  reg [" + (sb - 1) + ":0] c" + l + " [0:" + (candidates(l) - 1) + "];\n  reg [" + (wd - 1) + ":0] i" + l + " [0:"
                    + (candidates(l) - 1) + "];\n");
        }
        for (int k = 0; k < stages; k++) {
            int m = candidates(boundary[k]);
            e.append("  reg [" + (sb - 1) + ":0] sc" + k + " [0:" + (m - 1) + "];\n  reg [" + (wd - 1) + ":0] si" + k + " [0:" + (m - 1)
                    + "];\n  reg sv" + k + ";\n");
        }
        e.append("  initial begin\n    held = 0;\n    for (k = 0; k < " + d + "; k = k + 1) cost[k] = 0;\n");
        for (int k = 0; k < stages; k++) {
            e.append("    sv" + k + " = 0;\n    for (k = 0; k < " + candidates(boundary[k]) + "; k = k + 1) begin sc" + k + "[k] = 0; si" + k
                    + "[k] = 0; end\n");
        }
        e.append("  end\n  always @* begin\n    for (k = 0; k < " + d + "; k = k + 1) begin\n      next[k] = first ? 0 : cost[k];\n"
                + "      for (i = 0; i < " + n + "; i = i + 1) next[k] = next[k] + err2(k, u[i*5 +: 5]);\n    end\n"
                + "    for (k = 0; k < " + d + "; k = k + 1) begin c0[k] = next[k]; i0[k] = k; end\n");
        for (int l = 1; l <= levels; l++) {
            int stage = java.util.Arrays.stream(boundary).boxed().toList().indexOf(l - 1);
            String c = stage >= 0 ? "sc" + stage : "c" + (l - 1);
            String id = stage >= 0 ? "si" + stage : "i" + (l - 1);
            int from = candidates(l - 1);
            e.append("    for (k = 0; k < " + candidates(l) + "; k = k + 1)\n      if (2 * k + 1 < " + from + " && " + c + "[2 * k + 1] < " + c
                    + "[2 * k]) begin c" + l + "[k] = " + c + "[2 * k + 1]; i" + l + "[k] = " + id + "[2 * k + 1]; end\n"
                    + "      else begin c" + l + "[k] = " + c + "[2 * k]; i" + l + "[k] = " + id + "[2 * k]; end\n");
        }
        e.append("  end\n  always @(posedge clk)\n    if (rst) begin\n      held <= 0;\n      for (k = 0; k < " + d + "; k = k + 1) cost[k] <= 0;\n");
        for (int k = 0; k < stages; k++) {
            e.append("      sv" + k + " <= 0;\n");
        }
        e.append("    end else begin\n      if (valid) for (k = 0; k < " + d + "; k = k + 1) cost[k] <= next[k];\n");
        if (stages == 0) {
            e.append("      if (valid && last) held <= i" + levels + "[0];\n");
        } else {
            for (int k = 0; k < stages; k++) {
                String enable = k == 0 ? "valid && last" : "sv" + (k - 1);
                e.append("      sv" + k + " <= " + enable + ";\n      if (" + enable + ") for (k = 0; k < " + candidates(boundary[k])
                        + "; k = k + 1) begin sc" + k + "[k] <= c" + boundary[k] + "[k]; si" + k + "[k] <= i" + boundary[k] + "[k]; end\n");
            }
            e.append("      if (sv" + (stages - 1) + ") held <= i" + levels + "[0];\n");
        }
        e.append("    end\n  assign dialect = held;\n");
        return e.toString();
    }
}
