package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * One pipeline register with a valid/ready handshake. It accepts a word when it is empty or its
 * word leaves in the same cycle: {@code in_ready = !out_valid || out_ready}. A cycle in which it
 * holds a word that downstream does not take is a {@code stall}.
 */
public final class PipeStage extends Hardware {
    private static final String STALL = "stall";

    public static final Kind KIND = new Kind("PipeStage", Group.REGISTER,
            "pipeline register with valid/ready: in_valid, in_data, out_ready -> in_ready, out_valid, out_data",
            ParamSpec.typed(SignalType.MAX_WIDTH),
            (n, p) -> new PipeStage(n, p.type(), p.intValue("lanes")));

    private final Port inValid;
    private final Port inData;
    private final Port inReady;
    private final Port outValid;
    private final Port outData;
    private final Port outReady;
    private final int lanes;
    private final long[] dataLo;
    private final long[] dataHi;
    private boolean valid;
    private final int load;
    private final int stall;

    public PipeStage(String name, SignalType type, int lanes) {
        super(name);
        this.lanes = lanes;
        inValid = sampledInput("in_valid", SignalType.BIT, 1);
        inData = sampledInput("in_data", type, lanes);
        inReady = output("in_ready", SignalType.BIT, 1);
        outValid = registeredOutput("out_valid", SignalType.BIT, 1);
        outData = registeredOutput("out_data", type, lanes);
        outReady = input("out_ready", SignalType.BIT, 1);
        dataLo = new long[lanes];
        dataHi = new long[lanes];
        load = action("load");
        stall = action(STALL);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        set(inReady, !valid || get(outReady) != 0 ? 1 : 0);
    }

    @Override
    protected void sample() {
        boolean downstreamTakes = get(outReady) != 0;
        if (valid && !downstreamTakes) {
            count(stall);
            return;
        }
        valid = get(inValid) != 0;
        if (valid) {
            for (int l = 0; l < lanes; l++) {
                dataLo[l] = get(inData, l);
                dataHi[l] = getHigh(inData, l);
            }
            count(load);
        }
    }

    @Override
    protected void reset() {
        valid = false;
        java.util.Arrays.fill(dataLo, 0);
        java.util.Arrays.fill(dataHi, 0);
    }

    @Override
    protected void commit() {
        set(outValid, valid ? 1 : 0);
        for (int l = 0; l < lanes; l++) {
            setWide(outData, l, dataLo[l], dataHi[l]);
        }
    }

    @Override
    public Levels levels() {
        // the valid/ready handshake's gate in front of the enable
        return Levels.into(Levels.mux(2));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double ff = tech.resetFlipFlopGe();
        long bits = (long) outputBits();
        return new Shape(bits * ff, 0, 1, bits, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        String r = Verilog.range(port("out_data"));
        return "  reg full;\n  reg " + r + "data;\n  initial begin full = 0; data = 0; end\n"
                + "  assign in_ready = !full || out_ready;\n"
                + "  always @(posedge clk)\n    if (rst) begin full <= 0; data <= 0; end\n"
                + "    else if (!full || out_ready) begin full <= in_valid; if (in_valid) data <= in_data; end\n"
                + "  assign out_valid = full;\n  assign out_data = data;\n";
    }

    @Override
    public boolean isWork(String action) {
        return !action.equals(STALL);
    }
}
