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
 * An off-chip memory channel streaming a tensor of {@code words} words of {@code lanes} x {@code width}
 * bits to the chip {@code passes} times over, valid/ready: after the reset, nothing for {@code latency} cycles, then
 * {@code bytes_per_cycle} bytes arrive per cycle into a word-sized receive register; a whole word is
 * offered on {@code out_data} (registered) and leaves on an edge with {@code out_ready}. While the
 * register is full the channel keeps at most one more word's bytes in flight. {@link #load} holds
 * the tensor's image, as the memory's contents before the run. Energy: the library's DRAM energy
 * per byte, for every word read.
 */
public final class Dram extends Hardware {
    public static final Kind KIND = new Kind("Dram", Group.DRAM,
            "out_ready -> out_valid, out_data (registered): a tensor streamed from off-chip memory at a bandwidth, after a latency",
            ParamSpec.typed(64, ParamSpec.integer("words", null, 0, 1L << 28, "words of the tensor streamed"),
                    ParamSpec.integer("bytes_per_cycle", null, 1, 1 << 16, "bandwidth"),
                    ParamSpec.integer("latency", 0L, 0, 1 << 20, "cycles from the reset to the first byte"),
                    ParamSpec.integer("passes", 1L, 1, 1 << 20, "times the tensor is streamed, one pass after the other")),
            (n, p) -> new Dram(n, p.type(), p.intValue("lanes"), p.intValue("words"), p.intValue("bytes_per_cycle"), p.intValue("latency"),
                    p.intValue("passes")))
            .withExample(Map.of("words", 8L, "bytes_per_cycle", 1L, "latency", 3L));

    private final Port outValid;
    private final Port outData;
    private final Port outReady;
    private final int lanes;
    private final int words;
    private final int bandwidth;
    private final int latency;
    private final long stream;
    private final int wordBytes;
    private final WordImage contents;
    private final long[] image;
    private final int read;
    private long elapsed;
    private long credit;
    private long next;
    private boolean valid;
    private int slot;

    public Dram(String name, SignalType type, int lanes, int words, int bytesPerCycle, int latency) {
        this(name, type, lanes, words, bytesPerCycle, latency, 1);
    }

    public Dram(String name, SignalType type, int lanes, int words, int bytesPerCycle, int latency, int passes) {
        super(name);
        this.lanes = lanes;
        this.words = words;
        this.bandwidth = bytesPerCycle;
        this.latency = latency;
        this.stream = (long) words * passes;
        this.wordBytes = (type.width() * lanes + 7) / 8;
        contents = new WordImage("Dram", type, words, lanes);
        image = contents.data;
        outReady = sampledInput("out_ready", SignalType.BIT, 1);
        outValid = registeredOutput("out_valid", SignalType.BIT, 1);
        outData = registeredOutput("out_data", type, lanes);
        read = action("read");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    /** Bytes of one word on the channel. */
    public int wordBytes() {
        return wordBytes;
    }

    public int words() {
        return words;
    }

    /** Stores {@code value} (truncated to the word width) as lane {@code lane} of word {@code word} of the image. */
    public void load(int word, int lane, long value) {
        contents.load(word, lane, value);
    }

    @Override
    protected void sample() {
        if (valid && get(outReady) != 0) {
            valid = false;
        }
        if (elapsed < latency) {
            elapsed++;
            return;
        }
        if (next < stream) {
            credit = Math.min(credit + bandwidth, (long) wordBytes + bandwidth);
            if (!valid && credit >= wordBytes) {
                credit -= wordBytes;
                slot = (int) (next++ % words);
                valid = true;
                count(read);
            }
        }
    }

    @Override
    protected void reset() {
        elapsed = 0;
        credit = 0;
        next = 0;
        valid = false;
        slot = 0;
    }

    @Override
    protected void commit() {
        set(outValid, valid ? 1 : 0);
        for (int l = 0; l < lanes; l++) {
            set(outData, l, valid ? image[slot * lanes + l] : 0);
        }
    }

    @Override
    public Levels levels() {
        // the channel's own timing is its latency and bandwidth; on chip only the receive register
        return Levels.NONE;
    }

    @Override
    public Shape shape(TechLibrary tech) {
        // on chip: the receive register (the interface's controller and PHY are not modelled); off chip: energy per byte
        long bits = outputBits();
        return new Shape(bits * tech.resetFlipFlopGe(), 0, 1, bits, wordBytes * tech.dramPjPerByte());
    }

    @Override
    public String verilogBody(String memoryFile) {
        String r = Verilog.range(port("out_data"));
        long cap = (long) wordBytes + bandwidth;
        // the channel's state in blocking assignments (read only here); the outputs change at the edge, as commit() sets them
        return "  reg " + r + "image [0:" + Math.max(words - 1, 0) + "];\n  reg " + r + "data_r;\n  reg valid_r, v;\n"
                + "  integer elapsed, credit, next, slot;\n"
                + "  initial begin elapsed = 0; credit = 0; next = 0; slot = 0; v = 0; valid_r = 0; data_r = 0;"
                + (memoryFile != null ? " $readmemh(\"" + memoryFile + "\", image);" : "") + " end\n"
                + "  always @(posedge clk) begin\n"
                + "    if (rst) begin elapsed = 0; credit = 0; next = 0; slot = 0; v = 0; end\n"
                + "    else begin\n"
                + "      if (v && out_ready) v = 0;\n"
                + "      if (elapsed < " + latency + ") elapsed = elapsed + 1;\n"
                + "      else if (next < " + stream + ") begin\n"
                + "        credit = credit + " + bandwidth + " > " + cap + " ? " + cap + " : credit + " + bandwidth + ";\n"
                + "        if (!v && credit >= " + wordBytes + ") begin\n"
                + "          credit = credit - " + wordBytes + "; slot = next % " + Math.max(words, 1) + "; next = next + 1; v = 1;\n"
                + "        end\n      end\n    end\n"
                + "    valid_r <= v;\n    data_r <= v ? image[slot] : 0;\n  end\n"
                + "  assign out_valid = valid_r;\n  assign out_data = data_r;\n";
    }

    @Override
    public List<String> verilogMemory() {
        return words == 0 ? null : contents.hex();
    }
}
