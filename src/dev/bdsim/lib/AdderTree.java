package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * Sum of {@code inputs} operands by a binary tree of adders, {@code ceil(log2 inputs)} levels deep,
 * with {@code pipeline} register stages spread evenly over the levels (the last one at the output);
 * latency is {@code pipeline} cycles, 0 makes it combinational. The sum is wide enough never to
 * overflow (up to 128 bits). Actions: {@code add} per two-input addition performed.
 */
public final class AdderTree extends Hardware {
    public static final Kind KIND = new Kind("AdderTree", Group.ADDER,
            "x[inputs] -> sum, a binary adder tree with `pipeline` register stages (latency)",
            List.of(ParamSpec.width(127),
                    ParamSpec.signed(),
                    ParamSpec.integer("inputs", null, 1, ParamSpec.MAX_LANES, "operands summed"),
                    ParamSpec.integer("pipeline", 0L, 0, 17, "register stages, spread over the levels; 0: combinational")),
            (n, p) -> new AdderTree(n, p.type(), p.intValue("inputs"), p.intValue("pipeline"))).withExample(Map.of("inputs", 8L, "pipeline", 2L));

    private final Port x;
    private final Port sum;
    private final int inputs;
    private final int[] boundary;
    private final long[][] stage;
    private final long[] stageMask;
    private final long[] stageMaskHigh;
    private final long[][] next;
    /** High words of the partial sums when the sum is wider than 64 bits, else null. */
    private final long[][] stageHi;
    private final long[][] nextHi;
    private final boolean wide;
    private final int add;

    public AdderTree(String name, SignalType inType, int inputs, int pipeline) {
        super(name);
        int levels = levels(inputs);
        if (pipeline < 0 || pipeline > Math.max(levels, 1)) {
            throw new IllegalArgumentException("pipeline = " + pipeline + " is out of range 0.." + Math.max(levels, 1)
                    + " for a tree of " + inputs + " inputs (" + levels + " levels)");
        }
        if (inType.width() + levels > 128) {
            throw new IllegalArgumentException("the sum of " + inputs + " inputs of " + inType.width()
                    + " bits needs more than 128 bits");
        }
        this.inputs = inputs;
        wide = inType.width() + levels > 64;
        boundary = new int[pipeline + 1];
        stage = new long[pipeline + 1][];
        stageMask = new long[pipeline + 1];
        stageMaskHigh = new long[pipeline + 1];
        next = new long[pipeline + 1][];
        stageHi = new long[pipeline + 1][];
        nextHi = new long[pipeline + 1][];
        for (int s = 1; s <= pipeline; s++) {
            boundary[s] = (s * levels + pipeline - 1) / pipeline;
            stage[s] = new long[partials(inputs, boundary[s])];
            int bits = inType.width() + boundary[s];
            stageMask[s] = bits >= 64 ? -1L : (1L << bits) - 1;
            stageMaskHigh[s] = bits <= 64 ? 0 : bits >= 128 ? -1L : (1L << (bits - 64)) - 1;
            next[s] = new long[stage[s].length];
            stageHi[s] = new long[wide ? stage[s].length : 0];
            nextHi[s] = new long[stageHi[s].length];
        }
        x = pipeline == 0 ? input("x", inType, inputs) : sampledInput("x", inType, inputs);
        SignalType sumType = new SignalType(inType.width() + levels, inType.signed());
        sum = pipeline == 0 ? output("sum", sumType, 1) : registeredOutput("sum", sumType, 1);
        if (pipeline > 0) {
            clockEnable();
        }
        add = action("add");
    }

    public int inputs() {
        return inputs;
    }

    /** Adder bits of the whole tree: each level's adders are one bit wider than the level before. */
    public long adderBits() {
        return adderBits(inputs, x.type().width());
    }

    /** Adder bits of a tree summing {@code inputs} terms of {@code width} bits. */
    static long adderBits(int inputs, int width) {
        long bits = 0;
        for (int level = 1; level <= levels(inputs); level++) {
            bits += (long) (partials(inputs, level - 1) - partials(inputs, level)) * (width + level - 1);
        }
        return bits;
    }

    /** Flip-flops of the pipeline registers, the output register included. */
    public long registerBits() {
        long bits = 0;
        for (int s = 1; s < stage.length; s++) {
            bits += (long) stage[s].length * (x.type().width() + boundary[s]);
        }
        return bits;
    }

    static int levels(int inputs) {
        return 32 - Integer.numberOfLeadingZeros(inputs - 1);
    }

    private static int partials(int inputs, int level) {
        return (int) ((inputs + (1L << level) - 1) >> level);
    }

    /** Register stages: the latency in cycles. */
    public int pipeline() {
        return stage.length - 1;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        if (wide) {
            long lo = 0;
            long hi = 0;
            for (int i = 0; i < inputs; i++) {
                long s = lo + get(x, i);
                hi += getHigh(x, i) + (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
                lo = s;
            }
            setWide(sum, 0, lo, hi);
        } else {
            long total = 0;
            for (int i = 0; i < inputs; i++) {
                total += get(x, i);
            }
            set(sum, total);
        }
        count(add, inputs - 1);
    }

    @Override
    protected void sample() {
        int depth = stage.length - 1;
        for (int s = 1; s <= depth; s++) {
            long[] out = next[s];
            int group = 1 << (boundary[s] - boundary[s - 1]);
            int sourceCount = s == 1 ? inputs : stage[s - 1].length;
            for (int o = 0; o < out.length; o++) {
                long acc = 0;
                long accHi = 0;
                int end = Math.min(sourceCount, (o + 1) * group);
                for (int i = o * group; i < end; i++) {
                    long v = s == 1 ? get(x, i) : stage[s - 1][i];
                    if (wide) {
                        long sum = acc + v;
                        accHi += (s == 1 ? getHigh(x, i) : stageHi[s - 1][i]) + (Long.compareUnsigned(sum, acc) < 0 ? 1 : 0);
                        acc = sum;
                    } else {
                        acc += v;
                    }
                }
                out[o] = acc;
                if (wide) {
                    nextHi[s][o] = accHi;
                }
            }
            count(add, sourceCount - out.length);
        }
    }

    @Override
    protected void reset() {
        for (int s = 1; s < next.length; s++) {
            java.util.Arrays.fill(next[s], 0);
            java.util.Arrays.fill(nextHi[s], 0);
        }
    }

    @Override
    protected void commit() {
        long toggles = 0;
        int depth = stage.length - 1;
        for (int s = 1; s <= depth; s++) {
            // masked to the stage's width: the longs hold its partial sums sign-extended
            long mask = stageMask[s];
            long maskHi = stageMaskHigh[s];
            for (int i = 0; i < stage[s].length; i++) {
                if (s < depth) {
                    toggles += Long.bitCount((stage[s][i] ^ next[s][i]) & mask)
                            + (wide ? Long.bitCount((stageHi[s][i] ^ nextHi[s][i]) & maskHi) : 0);
                }
                stage[s][i] = next[s][i];
                if (wide) {
                    stageHi[s][i] = nextHi[s][i];
                }
            }
        }
        if (depth > 0) {
            stateToggles(toggles);
            setWide(sum, 0, stage[depth][0], wide ? stageHi[depth][0] : stage[depth][0] >> 63);
        }
    }

    @Override
    public Levels levels() {
        // the inputs reduced carry-save to two, then one carry-propagate add; pipeline registers cut it into pipeline + 1 stages
        double total = Levels.reduce(inputs()) + Levels.add(width("sum"));
        return pipeline() == 0 ? Levels.through(total) : new Levels(0, total / (pipeline() + 1), total / (pipeline() + 1));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double ff = tech.resetFlipFlopGe();
        double fa = tech.fullAdderGe();
        long regs = registerBits();
        // a stage after a level of adders takes its reset in their last gates (see FlipFlopTrim); one after the inputs or
        // after another stage has a reset gate of its own
        long absorbed = 0;
        for (int s = 1; s < stage.length; s++) {
            if (boundary[s] > boundary[s - 1]) {
                absorbed += (long) stage[s].length * (x.type().width() + boundary[s]);
            }
        }
        double pjPerAdd = inputs() > 1 ? adderBits() * tech.bitAddPj() / (inputs() - 1) : 0;
        double togglesPerAdd = inputs() > 1 ? (width("sum") + regs) / 2.0 / (inputs() - 1) : 1;
        return new Shape(adderBits() * fa + regs * ff - absorbed * tech.andGe(), pjPerAdd, togglesPerAdd, regs, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wx = width("x");
        int ws = width("sum");
        boolean sg = signedPort("x");
        int p = pipeline();
        if (p == 0) {
            return "  reg [" + (ws - 1) + ":0] total;\n  integer i;\n  always @* begin\n    total = 0;\n"
                    + "    for (i = 0; i < " + inputs() + "; i = i + 1) total = total + " + Verilog.extend("x", "i", wx, ws, sg) + ";\n  end\n"
                    + "  assign sum = total;\n";
        }
        // the registers where the model has them: stage s holds the partial sums of 2^boundary[s] inputs each
        StringBuilder regs = new StringBuilder();
        StringBuilder clear = new StringBuilder();
        StringBuilder load = new StringBuilder();
        String previous = "x";
        int previousWidth = wx;
        for (int s = 1; s <= p; s++) {
            int width = wx + boundary[s];
            int count = stage[s].length;
            int group = 1 << (boundary[s] - boundary[s - 1]);
            int sources = s == 1 ? inputs() : stage[s - 1].length;
            regs.append("  reg [").append(count * width - 1).append(":0] st").append(s).append(";\n  initial st").append(s).append(" = 0;\n");
            clear.append(" st").append(s).append(" <= 0;");
            for (int o = 0; o < count; o++) {
                StringBuilder terms = new StringBuilder();
                for (int i = o * group; i < Math.min(sources, (o + 1) * group); i++) {
                    terms.append(terms.length() == 0 ? "" : " + ").append(Verilog.extend(previous, Integer.toString(i), previousWidth, width, sg));
                }
                load.append("      st").append(s).append("[").append(o * width).append(" +: ").append(width).append("] <= ").append(terms).append(";\n");
            }
            previous = "st" + s;
            previousWidth = width;
        }
        return regs + "  always @(posedge clk)\n    if (rst) begin" + clear + " end\n    else if (en) begin\n" + load + "    end\n"
                + "  assign sum = " + Verilog.extend(previous, "0", previousWidth, ws, sg) + ";\n";
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        if (wide) {
            return false;
        }
        e.line("long total = 0;");
        e.line("for (int i = 0; i < " + inputs + "; i++) { total += " + e.in(x, "i") + "; }");
        e.write(sum, "0", "total");
        e.line(e.count(add, inputs - 1));
        return true;
    }

    @Override
    protected boolean emitSample(Emitter e) {
        if (wide) {
            return false;
        }
        int depth = stage.length - 1;
        for (int s = 1; s <= depth; s++) {
            int group = 1 << (boundary[s] - boundary[s - 1]);
            int sourceCount = s == 1 ? inputs : stage[s - 1].length;
            String source = s == 1 ? e.in(x, "i") : e.bind(stage[s - 1]) + "[i]";
            e.line("for (int o = 0; o < " + next[s].length + "; o++) { long acc = 0; int end = Math.min(" + sourceCount + ", (o + 1) * " + group
                    + "); for (int i = o * " + group + "; i < end; i++) { acc += " + source + "; } " + e.bind(next[s]) + "[o] = acc; }");
            e.line(e.count(add, sourceCount - next[s].length));
        }
        return true;
    }

    @Override
    protected boolean emitCommit(Emitter e) {
        int depth = stage.length - 1;
        if (wide || depth == 0) {
            return false;
        }
        e.line("long toggles = 0;");
        for (int s = 1; s <= depth; s++) {
            String now = e.bind(stage[s]);
            String coming = e.bind(next[s]);
            e.line("for (int i = 0; i < " + stage[s].length + "; i++) { "
                    + (s < depth ? "toggles += Long.bitCount((" + now + "[i] ^ " + coming + "[i]) & " + stageMask[s] + "L); " : "")
                    + now + "[i] = " + coming + "[i]; }");
        }
        e.line(e.stateToggles("toggles"));
        e.write(sum, "0", e.bind(stage[depth]) + "[0]");
        return true;
    }
}
