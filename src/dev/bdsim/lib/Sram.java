package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port.Timing;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * A buffer of {@code words} words of {@code lanes} x {@code width} bits (SRAM or register file; the
 * cost model tells them apart by size) in {@code banks} single-port banks of consecutive words. With
 * one bank, an edge with {@code we} writes {@code wdata} at {@code addr}; otherwise {@code re} reads
 * {@code addr} into the registered {@code rdata} (one cycle of latency). With more banks, writes go to
 * {@code waddr} and reads to {@code addr} in the same cycle when they are in different banks; a read
 * from the bank being written is not performed. {@link #load} fills it before a run without counting
 * actions, as a DMA transfer outside the modelled datapath would.
 */
public final class Sram extends Hardware {
    public static final Kind KIND = new Kind("Sram", Group.BUFFER,
            "addr, re, we, wdata -> rdata (registered): a buffer of `words` words of lanes x width bits",
            ParamSpec.typed(64, ParamSpec.integer("words", null, 1, 1L << 28, "words"),
                    ParamSpec.integer("banks", 1L, 1, 64, "single-port banks; more than one: a write port waddr beside the read port")),
            (n, p) -> new Sram(n, p.type(), p.intValue("lanes"), p.intValue("words"), p.intValue("banks")))
            .withExample(Map.of("words", 16L));

    private final Port addr;
    private final Port waddr;
    private final Port re;
    private final Port we;
    private final Port wdata;
    private final Port rdata;
    private final int lanes;
    private final int words;
    private final int banks;
    private final int bankWords;
    private final SignalType type;
    private final WordImage image;
    private final long[] memory;
    private final long[] nextRead;
    private boolean readPending;
    private final int read;
    private final int write;

    public Sram(String name, SignalType type, int lanes, int words) {
        this(name, type, lanes, words, 1);
    }

    public Sram(String name, SignalType type, int lanes, int words, int banks) {
        super(name);
        if (words % banks != 0) {
            throw new IllegalArgumentException("Sram of " + words + " words cannot be split into " + banks + " banks of equal size");
        }
        if (type.width() > 64) {
            throw new IllegalArgumentException("Sram words are at most 64 bits per lane, got " + type.width());
        }
        this.type = type;
        this.lanes = lanes;
        this.words = words;
        this.banks = banks;
        this.bankWords = words / banks;
        image = new WordImage("Sram", type, words, lanes);
        memory = image.data;
        nextRead = new long[lanes];
        SignalType address = SignalType.unsigned(Math.max(1, 32 - Integer.numberOfLeadingZeros(words - 1)));
        addr = sampledInput("addr", address, 1);
        waddr = banks > 1 ? sampledInput("waddr", address, 1) : null;
        re = sampledInput("re", SignalType.BIT, 1);
        we = optionalInput("we", SignalType.BIT, Timing.SAMPLED, 0);
        wdata = optionalInput("wdata", type, Timing.SAMPLED, 0, lanes);
        rdata = registeredOutput("rdata", type, lanes);
        read = action("read");
        write = action("write");
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    /** The stored value of one lane of a word. */
    public long word(int word, int lane) {
        return image.get(word, lane);
    }

    public int words() {
        return words;
    }

    public int lanes() {
        return lanes;
    }

    /** Stores {@code value} (two's complement, truncated to the word width) without simulating a write. */
    public void load(int word, int lane, long value) {
        image.load(word, lane, value);
    }

    public int banks() {
        return banks;
    }

    @Override
    protected void sample() {
        readPending = false;
        long a = get(addr);
        long w = waddr == null ? a : get(waddr);
        boolean writing = get(we) != 0 && w < words;
        if (writing) {
            int base = (int) w * lanes;
            long toggles = 0;
            for (int l = 0; l < lanes; l++) {
                long v = get(wdata, l);
                toggles += Long.bitCount((memory[base + l] ^ v) & type.mask());
                memory[base + l] = v;
            }
            stateToggles(toggles);
            count(write);
        }
        if (get(re) != 0 && a < words && !(writing && w / bankWords == a / bankWords)) {
            System.arraycopy(memory, (int) a * lanes, nextRead, 0, lanes);
            readPending = true;
            count(read);
        }
    }

    @Override
    protected void commit() {
        if (readPending) {
            for (int l = 0; l < lanes; l++) {
                set(rdata, l, nextRead[l]);
            }
        }
    }

    @Override
    public Levels levels() {
        // the array's access is not modelled as a logic path: its read data comes from the output register
        return Levels.NONE;
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int wordBits = width("rdata") * lanes();
        double bits = (double) wordBits * words();
        return new Shape(bits * tech.sramBitGe(), 0, 1, 0, accessPj(tech, wordBits, bits / banks));
    }

    /** One access of {@code wordBits} to an array of {@code bits}: the library's 8 KB figure, per bit and with the square root of the size. */
    static double accessPj(TechLibrary tech, long wordBits, double bits) {
        return tech.sram8kbRead64Pj() * wordBits / 64.0 * Math.sqrt(bits / (8 * 1024 * 8));
    }

    @Override
    public String verilogBody(String memoryFile) {
        String r = Verilog.range(port("rdata"));
        String w = banks > 1 ? "waddr" : "addr";
        return "  reg " + r + "memory [0:" + (words() - 1) + "];\n  reg " + r + "read;\n  initial begin read = 0;"
                + (memoryFile != null ? " $readmemh(\"" + memoryFile + "\", memory);" : "") + " end\n"
                + "  wire writing = we && " + w + " < " + words + ";\n"
                + "  always @(posedge clk) begin\n"
                + "    if (writing) memory[" + w + "] <= wdata;\n"
                + "    if (re && addr < " + words + " && !(writing && " + w + " / " + bankWords + " == addr / " + bankWords + ")) read <= memory[addr];\n"
                + "  end\n  assign rdata = read;\n";
    }

    @Override
    public List<String> verilogMemory() {
        return image.hex();
    }

    /** Whether the last clock edge read a word, which the commit shows on {@code rdata}. */
    public boolean readPending() {
        return readPending;
    }

    @Override
    protected boolean emitCommit(Emitter e) {
        e.line("if (" + e.self() + ".readPending()) {");
        e.forLanes(lanes, () -> e.write(rdata, "l", e.bind(nextRead) + "[l]"));
        e.line("}");
        return true;
    }
}
