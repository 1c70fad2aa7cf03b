package dev.bdsim.lib;

import dev.bdsim.cost.BitRegisters;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** A chain of {@code depth} registers per lane (up to 64 bits): {@code q} is {@code d} of {@code depth} edges ago. */
public final class Delay extends Hardware implements BitRegisters {
    public static final Kind KIND = new Kind("Delay", Group.REGISTER, "d -> q, `depth` registers in a chain",
            ParamSpec.typed(64, ParamSpec.integer("depth", 1L, 1, 4096, "cycles of delay")),
            (n, p) -> new Delay(n, p.type(), p.intValue("lanes"), p.intValue("depth")));

    private final Port d;
    private final Port q;
    private final int lanes;
    private final long[][] chain;
    /** The stage {@code d} was written into last, in an array that the compiled engine's code shares. */
    private final int[] head = new int[1];
    private final int write;

    public Delay(String name, SignalType type, int lanes, int depth) {
        super(name);
        if (type.width() > 64) {
            throw new IllegalArgumentException("Delay words are at most 64 bits, got " + type.width());
        }
        this.lanes = lanes;
        chain = new long[depth][lanes];
        d = sampledInput("d", type, lanes);
        q = registeredOutput("q", type, lanes);
        write = action("write");
    }

    public int depth() {
        return chain.length;
    }

    @Override
    public Port registered(Port out) {
        return d;
    }

    @Override
    public int resetBit(int bit) {
        return 0;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void sample() {
        int depth = chain.length;
        int h = head[0] == 0 ? depth - 1 : head[0] - 1;
        head[0] = h;
        long[] newest = chain[h];
        long toggles = 0;
        long mask = d.type().mask();
        for (int l = 0; l < lanes; l++) {
            newest[l] = get(d, l);
            for (int age = 0; age < depth - 1; age++) {
                // masked to the stored width: a signed value is held sign-extended in its long
                toggles += Long.bitCount((chain[(h + age) % depth][l] ^ chain[(h + age + 1) % depth][l]) & mask);
            }
        }
        stateToggles(toggles);
        count(write, (long) lanes * depth);
    }

    @Override
    protected boolean emitSample(dev.bdsim.kernel.Emitter e) {
        int depth = chain.length;
        String c = e.bind(chain);
        String h = e.bind(head);
        e.line("{ int h$ = " + h + "[0] == 0 ? " + (depth - 1) + " : " + h + "[0] - 1; " + h + "[0] = h$; long[] s$ = " + c + "[h$];");
        e.line("for (int l = 0; l < " + lanes + "; l++) { s$[l] = " + e.in(d, "l") + "; }");
        if (e.recordsActivity() && depth > 1) {
            e.line("long t$ = 0; for (int l = 0; l < " + lanes + "; l++) { for (int a$ = 0; a$ < " + (depth - 1) + "; a$++) { t$ += Long.bitCount(("
                    + c + "[(h$ + a$) % " + depth + "][l] ^ " + c + "[(h$ + a$ + 1) % " + depth + "][l]) & " + d.type().mask() + "L); } }");
            e.line(e.stateToggles("t$"));
        }
        e.line(e.count(write, (long) lanes * depth) + " }");
        return true;
    }

    @Override
    protected void reset() {
        for (long[] word : chain) {
            java.util.Arrays.fill(word, 0);
        }
    }

    @Override
    protected void commit() {
        long[] oldest = chain[(head[0] + chain.length - 1) % chain.length];
        for (int l = 0; l < lanes; l++) {
            set(q, l, oldest[l]);
        }
    }

    @Override
    protected boolean emitCommit(dev.bdsim.kernel.Emitter e) {
        int depth = chain.length;
        String oldest = e.bind(chain) + "[(" + e.bind(head) + "[0] + " + (depth - 1) + ") % " + depth + "]";
        e.forLanes(lanes, () -> e.write(q, "l", oldest + "[l]"));
        return true;
    }

    @Override
    public Levels levels() {
        return Levels.NONE;
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double ff = tech.resetFlipFlopGe();
        long bits = (long) width("q") * lanes * depth();
        return new Shape(bits * ff, 0, 1, bits, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int depth = depth();
        String r = Verilog.range(port("q"));
        return "  reg " + r + "stage [0:" + (depth - 1) + "];\n  integer i;\n"
                + "  initial for (i = 0; i < " + depth + "; i = i + 1) stage[i] = 0;\n"
                + "  always @(posedge clk)\n    if (rst) for (i = 0; i < " + depth + "; i = i + 1) stage[i] <= 0;\n"
                + "    else begin stage[0] <= d; for (i = 1; i < " + depth + "; i = i + 1) stage[i] <= stage[i - 1]; end\n"
                + "  assign q = stage[" + (depth - 1) + "];\n";
    }
}
