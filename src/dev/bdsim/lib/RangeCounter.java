package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.TwoStageQuantizer;

import java.util.List;

/**
 * Stage 2 of the two-stage quantizer: per lane, comparators against the pair's beneficial-range
 * boundaries vote +1 (candidate {@code a} strictly better), -1 ({@code b} better) or 0; the votes
 * of a block's chunks ({@code valid}, {@code first} .. {@code last}) add up in a balance counter,
 * and at the block's last chunk {@code dialect} becomes {@code a} if the balance is not negative,
 * else {@code b}, held until the next block finishes.
 */
public final class RangeCounter extends BlockReducer {
    public static final Kind KIND = new Kind("RangeCounter", Group.CONTROL,
            "u (per lane), a, b, valid, first, last -> dialect: stage 2, beneficial-range votes per block",
            List.of(ParamSpec.formatbook(), ParamSpec.lanes(), ParamSpec.block()),
            (n, p) -> new RangeCounter(n, p.twoStage(), p.formatbook().dialectBits(), p.intValue("lanes"), p.intValue("block")));

    private final TwoStageQuantizer quantizer;
    private final Port u;
    private final Port a;
    private final Port b;
    private final int lanes;
    private final int balanceBits;
    private int balance;
    private final int vote;

    public RangeCounter(String name, TwoStageQuantizer quantizer, int dialectBits, int lanes, int block) {
        super(name, "dialect", SignalType.unsigned(dialectBits));
        this.quantizer = quantizer;
        this.lanes = lanes;
        this.balanceBits = 32 - Integer.numberOfLeadingZeros(block) + 1;
        u = sampledInput("u", SignalType.unsigned(5), lanes);
        a = sampledInput("a", SignalType.unsigned(dialectBits), 1);
        b = sampledInput("b", SignalType.unsigned(dialectBits), 1);
        vote = action("vote");
    }

    /** Bits of the signed balance counter: it holds -block..block. */
    public int balanceBits() {
        return balanceBits;
    }

    public int rangeBoundaries() {
        return quantizer.rangeBoundaries();
    }

    /** Stage 2's vote of a lane holding u when the candidates are {@code a} and its partner. */
    public int vote(int a, int u) {
        return quantizer.vote(a, u);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected long addChunk(boolean restart) {
        int candidate = (int) get(a);
        int sum = restart ? 0 : balance;
        for (int l = 0; l < lanes; l++) {
            sum += quantizer.vote(candidate, (int) get(u, l));
        }
        long toggles = Long.bitCount((sum ^ balance) & ((1 << balanceBits) - 1));
        balance = sum;
        count(vote, lanes);
        return toggles;
    }

    @Override
    protected long blockResult() {
        return TwoStageQuantizer.stageTwo(new TwoStageQuantizer.Pair((int) get(a), (int) get(b)), balance);
    }

    @Override
    protected void clear() {
        balance = 0;
    }

    @Override
    public Levels levels() {
        // per lane the range compares, the vote's adder tree into the balance, the balance's add
        return Levels.into(Levels.add(5) + Levels.reduce(maxLanes() + 1) + Levels.add(balanceBits()));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double ff = tech.resetFlipFlopGe();
        double fa = tech.fullAdderGe();
        double logic = tech.logicPjPerGe();
        // per lane a 5-bit comparator per range boundary and the vote's share of the adder tree; the pair's
        // boundaries selected once per block; the balance counter and the held dialect
        int d = width("dialect");
        int bal = balanceBits();
        double lane = rangeBoundaries() * 5 * tech.comparatorBitGe() + bal * fa;
        long[] boundaries = new long[1 << d];
        for (int k = 0; k < boundaries.length; k++) {
            int found = 0;
            for (int v = 1; v < 32; v++) {
                if (vote(k, v) != vote(k, v - 1)) {
                    boundaries[k] |= (long) v << (5 * found++);
                }
            }
        }
        double shared = TableLogic.ge(boundaries, d, rangeBoundaries() * 5, tech) + bal * fa;
        long regs = bal + d;
        return new Shape(lanes * lane + shared + regs * ff, lane * logic, 1, regs, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wd = width("a");
        int n = lanesOf("u");
        int bits = balanceBits() + 2;
        StringBuilder e = new StringBuilder("  function signed [1:0] vote(input [" + (wd - 1) + ":0] a, input [4:0] u);\n"
                + "    case ({a, u})\n");
        for (int a = 0; a < 1 << wd; a++) {
            for (int u = 0; u < 32; u++) {
                int v = vote(a, u);
                if (v != 0) {
                    e.append("      ").append(a << 5 | u).append(": vote = ").append(v < 0 ? "-2'sd1" : "2'sd1").append(";\n");
                }
            }
        }
        e.append("      default: vote = 0;\n    endcase\n  endfunction\n");
        e.append("  reg signed [" + (bits - 1) + ":0] balance, sum;\n  reg [" + (wd - 1) + ":0] held;\n  integer i;\n"
                + "  initial begin balance = 0; held = 0; end\n"
                + "  always @* begin\n    sum = first ? 0 : balance;\n    for (i = 0; i < " + n + "; i = i + 1) sum = sum + vote(a, u[i*5 +: 5]);\n  end\n"
                + "  always @(posedge clk)\n    if (rst) begin balance <= 0; held <= 0; end\n"
                + "    else if (valid) begin balance <= sum; if (last) held <= sum >= 0 ? a : b; end\n  assign dialect = held;\n");
        return e.toString();
    }
}
