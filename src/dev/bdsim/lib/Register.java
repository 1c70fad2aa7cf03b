package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.BitRegisters;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/** A bank of D flip-flops, one word per lane, with clock enable {@code en} and a reset value. */
public final class Register extends Hardware implements BitRegisters {
    public static final Kind KIND = new Kind("Register", Group.REGISTER, "D flip-flops with enable `en`: d -> q, reset to `init`",
            ParamSpec.typed(SignalType.MAX_WIDTH, ParamSpec.integer("init", 0L, Long.MIN_VALUE, Long.MAX_VALUE, "reset value")),
            (n, p) -> new Register(n, p.type(), p.intValue("lanes"), p.integer("init")));

    private final Port d;
    private final Port q;
    private final int lanes;
    private final long init;
    private final long[] nextLo;
    private final long[] nextHi;
    private final int write;

    public Register(String name, SignalType type, int lanes, long init) {
        super(name);
        this.lanes = lanes;
        this.init = init;
        d = sampledInput("d", type, lanes);
        q = registeredOutput("q", type, lanes);
        clockEnable();
        nextLo = new long[lanes];
        nextHi = new long[lanes];
        write = action("write");
    }

    /** The reset value of every lane. */
    public long init() {
        return init;
    }

    @Override
    public Port registered(Port out) {
        return d;
    }

    @Override
    public int resetBit(int bit) {
        return (int) (init >> Math.min(bit, 63)) & 1;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void sample() {
        for (int l = 0; l < lanes; l++) {
            nextLo[l] = get(d, l);
            nextHi[l] = getHigh(d, l);
        }
        count(write, lanes);
    }

    @Override
    protected void reset() {
        java.util.Arrays.fill(nextLo, init);
        java.util.Arrays.fill(nextHi, init >> 63);
    }

    @Override
    protected void commit() {
        for (int l = 0; l < lanes; l++) {
            setWide(q, l, nextLo[l], nextHi[l]);
        }
    }

    @Override
    public Levels levels() {
        // a connected enable puts a multiplexer in front of the flip-flops
        return Levels.into(clockEnablePort() != null && clockEnablePort().net(0) >= 0 ? Levels.mux(2) : 0);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        long bits = (long) outputBits();
        boolean enabled = clockEnablePort() != null && clockEnablePort().net(0) >= 0;
        return new Shape(bits * (enabled ? tech.enabledFlipFlopGe() : tech.resetFlipFlopGe()), 0, 1, bits, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wd = width("q");
        int n = lanesOf("q");
        return "  reg " + Verilog.range(port("q")) + "state;\n  initial state = {" + n + "{" + Verilog.literal(wd, init()) + "}};\n"
                + "  always @(posedge clk) if (rst) state <= {" + n + "{" + Verilog.literal(wd, init()) + "}}; else if (en) state <= d;\n"
                + "  assign q = state;\n";
    }

    @Override
    protected boolean emitSample(Emitter e) {
        e.line("for (int l = 0; l < " + lanes + "; l++) { " + e.bind(nextLo) + "[l] = " + e.in(d, "l") + "; "
                + e.bind(nextHi) + "[l] = " + e.inHigh(d, "l") + "; }");
        e.line(e.count(write, lanes));
        return true;
    }

    @Override
    protected boolean emitCommit(Emitter e) {
        e.forLanes(lanes, () -> e.writeWide(q, "l", e.bind(nextLo) + "[l]", e.bind(nextHi) + "[l]"));
        return true;
    }
}
