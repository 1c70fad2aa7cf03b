package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.CheckFailedException;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.ElementGrid;
import dev.bdsim.format.IntBlockFormat;
import dev.bdsim.format.MxFormat;
import dev.bdsim.format.Nvfp4Format;
import dev.bdsim.format.Rounding;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.lib.ElementEncoder;
import dev.bdsim.lib.MseSelect;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.netlist.Netlist;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation rows quantized cycle by cycle by a quantizer netlist (README "Activation quantizer
 * hardware"): DialectFP4's ({@code rtl-models/quantizers/dialect_quantizer.bdn}) or that of the
 * power-of-two block-scaled formats ({@code block_quantizer.bdn}: MX, INT4/INT8). Each block
 * streams in as N chunks of {@code BLOCK / N} FP16 lanes, codes and block words are taken from the
 * output as the netlist raises {@code out_valid}. Latency and throughput come from the simulated clock.
 */
public final class CycleQuantizer {
    public static final Path NETLIST = Datapaths.dir().resolveSibling("quantizers").resolve("dialect_quantizer.bdn");
    public static final Path BLOCK_NETLIST = NETLIST.resolveSibling("block_quantizer.bdn");
    public static final List<String> SELECTORS = List.of("two-stage", "exhaustive");

    /** A format's quantizer hardware: the netlist, the parameters the format sets, the widths of a code and of a block word. */
    public record Hardware(Path netlist, Map<String, String> fixed, int codeBits, int metaBits) {}

    /** Whether {@code format} has quantizer hardware ({@link #of} gives it). */
    public static boolean has(BlockFormat format) {
        return format instanceof DialectFp4Format || format instanceof MxFormat || format instanceof IntBlockFormat
                || format instanceof Nvfp4Format;
    }

    /** The quantizer hardware of {@code format}; formats without one are a user error naming those with one. */
    public static Hardware of(BlockFormat format) {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("BLOCK", Integer.toString(format.blockSize()));
        if (format instanceof DialectFp4Format d) {
            fixed.put("SELECT", d.quantizer(BlockFormat.Role.ACTIVATION).id());
            fixed.put("ENCODE", d.encoding().id());
            return new Hardware(NETLIST, fixed, 4, d.formatbook().dialectBits() + DialectFp4Format.EXPONENT_BITS);
        }
        if (format instanceof MxFormat m) {
            fixed.put("EMAX", Integer.toString(m.emax()));
            return blockScaled(fixed, "mx", m.element(), m.rounding());
        }
        if (format instanceof IntBlockFormat b) {
            return blockScaled(fixed, "int", b.element(), b.rounding());
        }
        if (format instanceof Nvfp4Format n) {
            return blockScaled(fixed, "nv", ElementGrid.E2M1, n.rounding());
        }
        throw new BadInputException("format " + format.id() + " has no activation quantizer hardware" + (!format.quantizesActivations()
                ? " (FP16 activations pass through unquantized)" : "") + "; DialectFP4 (dialectfp4, dialectfp4-exh), the MX formats (mxfp4, "
                + "mxfp6-e2m3, mxfp6-e3m2, mxfp8-e4m3, mxfp8-e5m2, mxint8), NVFP4 and the block integers (int4, int8) have");
    }

    /** {@code block_quantizer.bdn} with its {@code SCALE} rule over elements of {@code grid}, an 8-bit scale field per block. */
    private static Hardware blockScaled(Map<String, String> fixed, String scale, ElementGrid grid, Rounding rounding) {
        fixed.put("SCALE", scale);
        fixed.put("ELEM", ElementEncoder.formatOf(grid));
        fixed.put("TIES", rounding == Rounding.NEAREST_AWAY ? "away" : "even");
        fixed.put("CODE_BITS", Integer.toString(grid.bits()));
        return new Hardware(BLOCK_NETLIST, fixed, grid.bits(), 8);
    }

    private final BlockFormat format;
    private final Netlist netlist;
    private final Simulator sim;
    private final int block;
    private final int chunksPerBlock;
    private final int lanes;
    private final int[] x;
    private final int[] code;
    private final int valid;
    private final int first;
    private final int last;
    private final int outValid;
    private final int outLast;
    private final int meta;
    /** NVFP4's per-tensor scale input (-1: the netlist has none). */
    private final int tensorScale;
    private long cycles;
    private long blocks;
    private long elements;
    private long firstInput = -1;
    private long firstOutput = -1;

    /** Counters of a finished run: {@code elements} counts trace values, not padding. */
    public record Stats(long cycles, long blocks, long elements, int lanes, int chunksPerBlock, long latencyCycles,
                        List<Activity> activity) {
        /** Blocks per cycle over the whole run, pipeline fill and drain included. */
        public double blocksPerCycle() {
            return cycles == 0 ? 0 : (double) blocks / cycles;
        }
    }

    /** Quantized rows as the hardware produced them: codes row-major over the padded columns, one block word per block. */
    public record Output(int[] codes, long[] blockWords) {
        /** Index of the first code or block word (as {@code codes.length + block}) that differs from {@code reference}, or -1. */
        public int firstMismatch(QuantizedTensor reference) {
            int[] expected = reference.codes();
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] != expected[i]) {
                    return i;
                }
            }
            for (int b = 0; b < blockWords.length; b++) {
                if (blockWords[b] != reference.blockWord(b)) {
                    return codes.length + b;
                }
            }
            return -1;
        }
    }

    /**
     * {@code params} with {@code SELECT_STAGES} set, where the netlist takes it and the caller did not, to the register
     * stages the exhaustive selector's comparator tree needs at {@code clockHz} in {@code tech} ({@link #stagesFor}):
     * its latency follows from the quantizer's timing and the clock.
     */
    public static Map<String, String> clocked(Path file, Map<String, String> params, BlockFormat format, TechLibrary tech, double clockHz) {
        Map<String, String> out = new LinkedHashMap<>(params);
        Path netlistFile = file == null ? of(format).netlist() : file;
        if (format instanceof DialectFp4Format d && d.quantizer(BlockFormat.Role.ACTIVATION).id().equals("exhaustive")
                && !params.containsKey("SELECT_STAGES") && Elaborator.parameterNames(netlistFile, null).contains("SELECT_STAGES")) {
            int n = params.containsKey("N") ? parsePositive("N", params.get("N")) : 1;
            int block = format.blockSize();
            out.put("SELECT_STAGES", Integer.toString(stagesFor(d, n, tech, clockHz)));
        }
        return out;
    }

    /**
     * The fewest register stages in the exhaustive selector's comparator tree with which the format's quantizer netlist, at
     * {@code n} chunks per block, meets {@code clockHz} in its static timing (the paths into the tree included); when no number
     * does, the fewest that give its highest maximum clock.
     */
    public static int stagesFor(DialectFp4Format format, int n, TechLibrary tech, double clockHz) {
        Hardware hw = of(format);
        int block = format.blockSize();
        int levels = new MseSelect("probe", format.formatbook(), Math.max(1, block / n), block).treeLevels();
        int best = 0;
        double bestHz = -1;
        for (int s = 0; s <= levels; s++) {
            Map<String, String> overrides = new LinkedHashMap<>(hw.fixed());
            overrides.put("N", Integer.toString(n));
            overrides.put("SELECT_STAGES", Integer.toString(s));
            dev.bdsim.cost.Timing.Report timing = Flow.timing(Flow.elaborate(hw.netlist(), null, overrides), tech);
            if (timing.meets(clockHz)) {
                return s;
            }
            if (timing.maxClockHz() > bestHz * (1 + 1e-9)) {
                best = s;
                bestHz = timing.maxClockHz();
            }
        }
        return best;
    }

    /**
     * Elaborates the quantizer netlist {@code file} ({@link #of}'s for the format when null) for {@code format}, which sets the
     * parameters {@link Hardware#fixed} names, on top of {@code params} ({@code N}, the chunks per block, among them).
     */
    public CycleQuantizer(Path file, Map<String, String> params, BlockFormat format) {
        Hardware hw = of(format);
        Path netlistFile = file == null ? hw.netlist() : file;
        this.format = format;
        this.block = format.blockSize();
        List<String> declared = Elaborator.parameterNames(netlistFile, null);
        List<String> required = new java.util.ArrayList<>(List.of("N"));
        required.addAll(hw.fixed().keySet());
        for (String name : required) {
            if (!declared.contains(name)) {
                throw new BadInputException(netlistFile + ": not a quantizer netlist for " + format.id() + ": its top module has no parameter "
                        + name + " (see README \"Activation quantizer hardware\")");
            }
        }
        for (String fixed : hw.fixed().keySet()) {
            if (params.containsKey(fixed)) {
                throw new BadInputException("--param " + fixed + " is set by the format (" + format.label() + ": " + hw.fixed()
                        + "); choose the format instead, e.g. dialectfp4-exh@64:encode=quarter or mxfp4@16");
            }
        }
        int n = params.containsKey("N") ? parsePositive("N", params.get("N")) : 1;
        if (block % n != 0) {
            throw new BadInputException("N = " + n + " must divide the block size " + block + " (a block enters as N chunks of BLOCK / N lanes)");
        }
        Map<String, String> overrides = new LinkedHashMap<>(params);
        overrides.putAll(hw.fixed());
        overrides.put("N", Integer.toString(n));
        netlist = Flow.elaborate(netlistFile, null, overrides);
        sim = netlist.simulator();
        chunksPerBlock = n;
        lanes = block / n;
        x = port(netlistFile, netlist.input("x"), "input x : u16[BLOCK / N]", 16, lanes);
        code = port(netlistFile, netlist.output("code"), "output code : u" + hw.codeBits() + "[BLOCK / N]", hw.codeBits(), lanes);
        valid = port(netlistFile, netlist.input("valid"), "input valid : u1", 1, 1)[0];
        first = port(netlistFile, netlist.input("first"), "input first : u1", 1, 1)[0];
        last = port(netlistFile, netlist.input("last"), "input last : u1", 1, 1)[0];
        outValid = port(netlistFile, netlist.output("out_valid"), "output out_valid : u1", 1, 1)[0];
        outLast = port(netlistFile, netlist.output("out_last"), "output out_last : u1", 1, 1)[0];
        meta = port(netlistFile, netlist.output("meta"), "output meta : u" + hw.metaBits(), hw.metaBits(), 1)[0];
        Netlist.TopPort st = netlist.input("tensor_scale");
        if (format instanceof Nvfp4Format && st == null) {
            throw new BadInputException(netlistFile + ": an NVFP4 quantizer needs input tensor_scale : u32 (the per-tensor FP32 scale)");
        }
        tensorScale = st == null ? -1 : port(netlistFile, st, "input tensor_scale : u32", 32, 1)[0];
    }

    private static int parsePositive(String name, String text) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--param " + name + "=" + text + " must be a positive integer");
    }

    private static int[] port(Path file, Netlist.TopPort p, String expected, int width, int lanes) {
        if (p == null || p.type().width() != width || p.lanes() != lanes) {
            throw new BadInputException(file + ": a quantizer netlist needs " + expected
                    + (p == null ? "" : ", found " + p.type() + "[" + p.lanes() + "]"));
        }
        return p.nets();
    }

    /** The simulation this driver runs. */
    public Simulator simulator() {
        return sim;
    }

    public Netlist netlist() {
        return netlist;
    }

    /** Streams every block of {@code rows} through the quantizer and returns what came out. */
    public Output quantize(Fp16Matrix rows) {
        int cols = rows.cols();
        int blocksPerRow = QuantizedTensor.blocksPerRow(cols, block);
        int padded = blocksPerRow * block;
        int total = rows.rows() * blocksPerRow;
        int[] codes = new int[rows.rows() * padded];
        long[] words = new long[total];
        if (tensorScale >= 0) {
            // the host writes the per-tensor scale before the stream, from a first pass over the tensor
            sim.set(tensorScale, format instanceof Nvfp4Format n ? Float.floatToRawIntBits(n.tensorScaleOf(rows)) & 0xffffffffL : 0);
        }
        int[] taken = new int[1];
        for (int r = 0; r < rows.rows(); r++) {
            for (int b = 0; b < blocksPerRow; b++) {
                for (int c = 0; c < chunksPerBlock; c++) {
                    int k0 = b * block + c * lanes;
                    for (int l = 0; l < lanes; l++) {
                        int k = k0 + l;
                        sim.set(x[l], k < cols ? rows.bits(r, k) & 0xffff : 0);
                    }
                    sim.set(valid, 1);
                    sim.set(first, c == 0 ? 1 : 0);
                    sim.set(last, c == chunksPerBlock - 1 ? 1 : 0);
                    if (firstInput < 0) {
                        firstInput = cycles;
                    }
                    tick(codes, words, taken);
                }
            }
        }
        sim.set(valid, 0);
        sim.set(first, 0);
        sim.set(last, 0);
        int limit = 0;
        while (taken[0] < total * chunksPerBlock) {
            if (++limit > 4 * chunksPerBlock + 1000) {
                throw new BadInputException(netlist.file() + ": the quantizer gave " + taken[0] / chunksPerBlock + " of " + total
                        + " blocks and then no output for " + (limit - 1) + " cycles; check its control path");
            }
            tick(codes, words, taken);
        }
        blocks += total;
        elements += (long) rows.rows() * cols;
        return new Output(codes, words);
    }

    private void tick(int[] codes, long[] words, int[] taken) {
        sim.tick();
        cycles++;
        if (sim.get(outValid) == 0) {
            return;
        }
        if (firstOutput < 0) {
            firstOutput = cycles;
        }
        int chunk = taken[0];
        int b = chunk / chunksPerBlock;
        if (b >= words.length) {
            throw new BadInputException(netlist.file() + ": the quantizer raised out_valid more often than chunks went in");
        }
        int base = b * block + chunk % chunksPerBlock * lanes;
        for (int l = 0; l < lanes; l++) {
            codes[base + l] = (int) sim.get(code[l]);
        }
        if (sim.get(outLast) != 0) {
            words[b] = sim.get(meta);
        }
        taken[0] = chunk + 1;
    }

    /**
     * Streams rows {@code [0, rows)} of {@code x} through this quantizer in batches of {@code batchRows}, each checked code for
     * code and block word for block word against the functional quantizer of the same batch; a difference is a
     * {@link CheckFailedException} naming the element or block.
     */
    public Stats runChecked(dev.bdsim.trace.RowSource x, int rows, int batchRows) {
        for (int first = 0; first < rows; first += batchRows) {
            Fp16Matrix batch = x.readRows(first, Math.min(batchRows, rows - first));
            Output out = quantize(batch);
            QuantizedTensor reference = format.quantize(batch, BlockFormat.Role.ACTIVATION);
            int at = out.firstMismatch(reference);
            if (at >= 0) {
                int padded = reference.paddedCols();
                int b = at - out.codes().length;
                throw new CheckFailedException(at < out.codes().length
                        ? String.format(java.util.Locale.ROOT, "%s, N = %d: code of element [%d][%d] is %d, the functional quantizer's %d",
                        format.id(), chunksPerBlock, first + at / padded, at % padded, out.codes()[at], reference.codes()[at])
                        : String.format(java.util.Locale.ROOT, "%s, N = %d: block word %d is 0x%x, the functional quantizer's 0x%x",
                        format.id(), chunksPerBlock, b, out.blockWords()[b], reference.blockWord(b)));
            }
        }
        return stats();
    }

    /**
     * Chunks per block of the narrowest quantizer that keeps up with a datapath of {@code lanes} multipliers computing
     * {@code outputs} output features: each activation block is used once per output feature, so the datapath takes
     * {@code lanes / outputs} new activations per cycle; the fewest quantizer lanes (a divisor of the block) at least that.
     */
    public static int chunksToKeepUp(int block, int lanes, int outputs) {
        int needed = Math.max(1, (lanes + outputs - 1) / Math.max(outputs, 1));
        for (int q = 1; q <= block; q++) {
            if (block % q == 0 && q >= needed) {
                return block / q;
            }
        }
        return 1;
    }

    /** Cycles from a chunk entering to its codes on the output, measured on the first chunk. */
    public long latencyCycles() {
        return firstOutput < 0 ? -1 : firstOutput - firstInput;
    }

    public Stats stats() {
        return new Stats(cycles, blocks, elements, lanes, chunksPerBlock, latencyCycles(), sim.activity());
    }
}
