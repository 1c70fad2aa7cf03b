package dev.bdsim.lib;

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
 * A first-word-fall-through FIFO of {@code depth} entries with valid/ready on both sides. All
 * outputs are registered: {@code in_ready} is low while full (also in a cycle that pops), and
 * {@code out_data} shows the head while {@code out_valid} is high.
 */
public final class Fifo extends Hardware {
    public static final Kind KIND = new Kind("Fifo", Group.REGISTER,
            "first-word-fall-through FIFO: in_valid, in_data, out_ready -> in_ready, out_valid, out_data, count",
            ParamSpec.typed(SignalType.MAX_WIDTH, ParamSpec.integer("depth", null, 1, 1 << 24, "entries"),
                    ParamSpec.string("storage", "flops", List.of("flops", "sram"), "entries in flip-flops, or in a two-port SRAM (a buffer)")),
            (n, p) -> new Fifo(n, p.type(), p.intValue("lanes"), p.intValue("depth"), p.string("storage").equals("sram")))
            .withExample(Map.of("depth", 4L));

    private final Port inValid;
    private final Port inData;
    private final Port inReady;
    private final Port outValid;
    private final Port outData;
    private final Port outReady;
    private final Port count;
    private final int lanes;
    private final int depth;
    private final boolean sram;
    private final long[] storeLo;
    private final long[] storeHi;
    private final long storeMask;
    private final long storeHighMask;
    private int head;
    private int size;
    private final int write;
    private final int read;

    public Fifo(String name, SignalType type, int lanes, int depth, boolean sram) {
        super(name);
        if ((long) depth * lanes > 1L << 26) {
            throw new IllegalArgumentException("Fifo of " + depth + " entries x " + lanes + " lanes is larger than 2^26 entries");
        }
        this.lanes = lanes;
        this.depth = depth;
        this.sram = sram;
        inValid = sampledInput("in_valid", SignalType.BIT, 1);
        inData = sampledInput("in_data", type, lanes);
        inReady = registeredOutput("in_ready", SignalType.BIT, 1);
        outValid = registeredOutput("out_valid", SignalType.BIT, 1);
        outData = registeredOutput("out_data", type, lanes);
        outReady = sampledInput("out_ready", SignalType.BIT, 1);
        count = registeredOutput("count", SignalType.unsigned(Integer.SIZE - Integer.numberOfLeadingZeros(depth)), 1);
        storeLo = new long[depth * lanes];
        storeHi = new long[depth * lanes];
        storeMask = type.width() >= 64 ? -1L : (1L << type.width()) - 1;
        storeHighMask = type.wide() ? (type.width() == 128 ? -1L : (1L << (type.width() - 64)) - 1) : 0;
        write = action("write");
        read = action("read");
    }

    public int depth() {
        return depth;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void sample() {
        boolean pop = size > 0 && get(outReady) != 0;
        boolean push = size < depth && get(inValid) != 0;
        if (pop) {
            head = (head + 1) % depth;
            size--;
            count(read);
        }
        if (push) {
            int slot = ((head + size) % depth) * lanes;
            long flipped = 0;
            for (int l = 0; l < lanes; l++) {
                long newLo = get(inData, l);
                long newHi = getHigh(inData, l);
                flipped += Long.bitCount((storeLo[slot + l] ^ newLo) & storeMask)
                        + Long.bitCount((storeHi[slot + l] ^ newHi) & storeHighMask);
                storeLo[slot + l] = newLo;
                storeHi[slot + l] = newHi;
            }
            stateToggles(flipped);
            size++;
            count(write);
        }
    }

    @Override
    protected void reset() {
        head = 0;
        size = 0;
    }

    @Override
    protected void commit() {
        set(inReady, size < depth ? 1 : 0);
        set(outValid, size > 0 ? 1 : 0);
        set(count, size);
        int slot = head * lanes;
        for (int l = 0; l < lanes; l++) {
            setWide(outData, l, size > 0 ? storeLo[slot + l] : 0, size > 0 ? storeHi[slot + l] : 0);
        }
    }

    @Override
    public Group group() {
        return sram ? Group.BUFFER : Group.REGISTER;
    }

    @Override
    public Levels levels() {
        // the write pointer's increment and the full/empty compare in front of its registers
        return Levels.into(2.0 + Levels.add(width("count")));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        long wordBits = (long) width("out_data") * lanes;
        if (sram) {
            // the array holds the entries; the registered outputs and the pointers are flip-flops
            double bits = (double) wordBits * depth();
            double ff = tech.resetFlipFlopGe();
            long flops = outputBits() + 2L * (Integer.SIZE - Integer.numberOfLeadingZeros(depth()));
            return new Shape(bits * tech.sramBitGe() + flops * ff, 0, 1, flops, Sram.accessPj(tech, wordBits, bits));
        }
        double ff = tech.resetFlipFlopGe();
        long bits = wordBits * depth() + outputBits();
        return new Shape(bits * ff, 0, 1, bits, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int depth = depth();
        String r = Verilog.range(port("out_data"));
        String cr = Verilog.range(port("count"));
        // internal state in blocking assignments (read only here); the outputs change at the edge, as commit() sets them
        return "  reg " + r + "store [0:" + (depth - 1) + "];\n  integer head, size, i;\n  reg pop, push;\n"
                + "  reg ready_r, valid_r;\n  reg " + cr + "count_r;\n  reg " + r + "data_r;\n"
                + "  initial begin head = 0; size = 0; ready_r = 1; valid_r = 0; count_r = 0; data_r = 0;\n"
                + "    for (i = 0; i < " + depth + "; i = i + 1) store[i] = 0; end\n"
                + "  always @(posedge clk) begin\n"
                + "    if (rst) begin head = 0; size = 0; end\n    else begin\n"
                + "      pop = size > 0 && out_ready;\n      push = size < " + depth + " && in_valid;\n"
                + "      if (pop) begin head = (head + 1) % " + depth + "; size = size - 1; end\n"
                + "      if (push) begin store[(head + size) % " + depth + "] = in_data; size = size + 1; end\n    end\n"
                + "    ready_r <= size < " + depth + ";\n    valid_r <= size > 0;\n    count_r <= size;\n"
                + "    data_r <= size > 0 ? store[head] : 0;\n  end\n"
                + "  assign in_ready = ready_r;\n  assign out_valid = valid_r;\n  assign count = count_r;\n  assign out_data = data_r;\n";
    }
}
