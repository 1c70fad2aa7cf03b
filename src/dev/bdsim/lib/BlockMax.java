package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * The largest unsigned value of each block of chunks of {@code lanes} values ({@code valid},
 * {@code first} .. {@code last}): a comparator tree over the lanes and a running maximum;
 * {@code max} holds the last finished block's maximum.
 */
public final class BlockMax extends BlockReducer {
    public static final Kind KIND = new Kind("BlockMax", Group.CONTROL,
            "x (per lane), valid, first, last -> max: the largest value of each block of chunks, held",
            List.of(ParamSpec.width(63), ParamSpec.lanes()),
            (n, p) -> new BlockMax(n, p.intValue("width"), p.intValue("lanes")));

    private final Port x;
    private final int lanes;
    private long running;
    private final int compare;

    public BlockMax(String name, int width, int lanes) {
        super(name, "max", SignalType.unsigned(width));
        this.lanes = lanes;
        x = sampledInput("x", SignalType.unsigned(width), lanes);
        compare = action("compare");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected long addChunk(boolean restart) {
        long m = restart ? 0 : running;
        for (int l = 0; l < lanes; l++) {
            m = Math.max(m, get(x, l));
        }
        long toggles = Long.bitCount(m ^ running);
        running = m;
        count(compare, lanes);
        return toggles;
    }

    @Override
    protected long blockResult() {
        return running;
    }

    @Override
    protected void clear() {
        running = 0;
    }

    @Override
    public Levels levels() {
        // a compare-and-select node per tree level and the running maximum's
        int w = width("max");
        return Levels.into((Levels.log2(maxLanes()) + 1) * (Levels.add(w) + Levels.mux(2)));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double ff = tech.resetFlipFlopGe();
        double logic = tech.logicPjPerGe();
        // a compare-and-select node per lane (the tree plus the running maximum), running and held registers
        int w = width("max");
        double node = w * (tech.comparatorBitGe() + tech.mux2Ge());
        return new Shape(lanes * node + 2 * w * ff, node * logic, w / 2.0, 2L * w, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wx = width("x");
        int n = lanesOf("x");
        return "  reg [" + (wx - 1) + ":0] running, held, m;\n  integer i;\n  initial begin running = 0; held = 0; end\n"
                + "  always @* begin\n    m = first ? 0 : running;\n    for (i = 0; i < " + n + "; i = i + 1)\n"
                + "      if (x[i*" + wx + " +: " + wx + "] > m) m = x[i*" + wx + " +: " + wx + "];\n  end\n"
                + "  always @(posedge clk)\n    if (rst) begin running <= 0; held <= 0; end\n"
                + "    else if (valid) begin running <= m; if (last) held <= m; end\n  assign max = held;\n";
    }
}
