package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.Accumulator;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.Fp16Format;
import dev.bdsim.format.Nvfp4Format;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.format.StoredWeights;
import dev.bdsim.format.WeightOnlyFormat;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.lib.Dram;
import dev.bdsim.lib.Sram;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Y = X · Wᵀ} on an accelerator netlist (README "Accelerators"): FP16 activations streamed from
 * its off-chip memory through its activation buffer, quantized online by its quantizer, queued in its
 * FIFO and multiplied in its {@code ROWS x LANES} array against weights pre-quantized offline into its
 * rows' weight buffers. Cycles are the simulated clock's; every cycle is classified from the
 * netlist's status outputs (a chunk issued; the array starved by an empty FIFO while the reader waits
 * for DRAM, or otherwise; the pipeline draining), so the classes add up to the cycles.
 */
public final class CycleAccelerator {
    public static final String FOLDER = "rtl-models/accelerators";
    /** The run's loop bounds, which the driver sets. */
    public static final List<String> RUN_BOUNDS = List.of("TOKENS", "CHUNKS", "GROUPS", "TILES", "TILE_GROUPS");
    private static final List<String> REQUIRED = List.of("ROWS", "LANES", "FIFO_DEPTH", "X_WORDS", "XROW_WORDS", "W_WORDS", "W_BANKS", "W_LOAD_ROWS",
            "DRAM_BYTES", "W_DRAM_BYTES", "DRAM_LATENCY", "ACC", "ACC_WIDTH", "TOKENS", "CHUNKS", "GROUPS", "TILES", "TILE_GROUPS");

    /**
     * Counters of a finished run. Every cycle is in one class:
     * {@code cycles = issues + fill + quantizerStalls + dramStalls + weightStalls + drain}. A cycle in which the array waits for
     * its weight tile to arrive from DRAM is a {@code weightStall}. Otherwise a cycle without a chunk before the first one is
     * {@code fill}; later, one is charged to DRAM when the chunk the array waits for belongs to a block that started late
     * because the reader waited for its activation words (or, not started yet, waits for them now), else to the quantizer
     * (its rate, its latency, or a FIFO too shallow to hide them). Independently, {@code backpressure} counts the cycles in
     * which the reader held a block back because the FIFO had no room for it. {@code tiles} is 1 when the weights are resident
     * (loaded before the run, {@code weightBytes} 0), else the number of weight tiles streamed.
     */
    public record Stats(long cycles, long issues, long fillCycles, long quantizerStallCycles, long dramStallCycles, long weightStallCycles,
                        long drainCycles, long backpressureCycles, long macs, int rows, int lanes, long activationBytes, int tiles,
                        long weightBytes, List<Activity> activity) {
        /** Useful products per multiplier and cycle. */
        public double utilisation() {
            return cycles == 0 ? 0 : (double) macs / ((double) cycles * rows * lanes);
        }

        /** Cycles in which the array had work left but no chunk. */
        public long stallCycles() {
            return fillCycles + quantizerStallCycles + dramStallCycles + weightStallCycles;
        }

        /** Whether the weights arrived in tiles during the run. */
        public boolean weightsStreamed() {
            return tiles > 1;
        }
    }

    /** The shipped accelerator netlist of a format (the datapath's file name, under {@value #FOLDER}). */
    public static Path of(BlockFormat format) {
        if (!has(format)) {
            throw new BadInputException(missing(format));
        }
        return dev.bdsim.ProjectHome.file(FOLDER, Datapaths.shipped(format.id()).getFileName().toString());
    }

    /** Why {@code format} has no shipped accelerator: every format with a shipped datapath has one. */
    public static String missing(BlockFormat format) {
        return "format " + format.id() + " has no accelerator netlist yet; the formats with a shipped datapath have one: "
                + String.join(", ", Datapaths.formats());
    }

    /** Whether {@code format} has a shipped accelerator: one with quantizer hardware, or FP16, whose activations pass through. */
    public static boolean has(BlockFormat format) {
        return CycleQuantizer.has(format) || format instanceof Fp16Format || weightOnlyRows(format);
    }

    private static boolean weightOnlyRows(BlockFormat format) {
        return format instanceof WeightOnlyFormat f && Datapaths.formats().contains(f.id());
    }

    private final Path file;
    private final BlockFormat format;
    private final QuantizedTensor w;
    private final AccumulatorSpec accumulator;
    private final Map<String, String> design;
    private final int rows;
    private final int lanes;
    private final int quantLanes;
    private final int chunksPerBlock;
    /** The weights as a weight-only format stores them, or null. */
    private final StoredWeights stored;
    /** Chunks of one weight group word: a block's, a weight-only group's or (per-channel) a row's. */
    private final int groupChunks;
    private final int chunks;
    private final int groups;
    private final int tiles;
    private final int tileGroups;
    private final int loadRows;
    private Stats stats;
    private Netlist netlist;

    /**
     * Elaborates {@code file} (the format's shipped accelerator when null) for weights {@code w}: the format sets the quantizer's
     * parameters, the weights and {@code accumulator} the rest the run needs, on top of the design parameters {@code params}.
     */
    public CycleAccelerator(Path file, Map<String, String> params, BlockFormat format, QuantizedTensor w, AccumulatorSpec accumulator,
                            dev.bdsim.cost.TechLibrary tech, double clockHz) {
        this.file = file == null ? of(format) : file;
        this.format = format;
        this.w = w;
        this.accumulator = accumulator;
        stored = w.stored();
        boolean passThrough = !format.quantizesActivations();
        Map<String, String> fixed = stored != null ? Map.of("W_GROUP", Integer.toString(((WeightOnlyFormat) format).group()))
                : passThrough ? Map.of() : CycleQuantizer.of(format).fixed();
        List<String> declared = Elaborator.parameterNames(this.file, null);
        for (String name : REQUIRED) {
            if (!declared.contains(name)) {
                throw new BadInputException(this.file + ": not an accelerator netlist: its top module has no parameter " + name
                        + " (see README \"Accelerators\")");
            }
        }
        List<String> setByRun = new ArrayList<>(RUN_BOUNDS);
        setByRun.addAll(List.of("ACC", "ACC_WIDTH"));
        setByRun.addAll(fixed.keySet());
        for (String name : setByRun) {
            if (params.containsKey(name)) {
                throw new BadInputException("--param " + name + " is set by the " + (RUN_BOUNDS.contains(name) ? "run's shape"
                        : name.startsWith("ACC") ? "accumulator (--acc)" : "format (" + format.label() + ")") + ", not by hand");
            }
        }
        Map<String, String> base = new LinkedHashMap<>(params);
        // elaborated first with one row loaded per cycle, which any ROWS takes; the rows per cycle are checked or chosen below
        base.remove("W_LOAD_ROWS");
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            if (declared.contains(e.getKey())) {
                base.put(e.getKey(), e.getValue());
            }
        }
        base.putIfAbsent("DRAM_BYTES", Integer.toString(tech.dramBytesPerCycle(clockHz)));
        base.putIfAbsent("W_DRAM_BYTES", Integer.toString(tech.dramBytesPerCycle(clockHz)));
        base.putIfAbsent("DRAM_LATENCY", Integer.toString(tech.dramLatencyCycles(clockHz)));
        base.put("ACC", accumulator.toString());
        base.put("ACC_WIDTH", Integer.toString(accumulator.kind() == AccumulatorSpec.Kind.FP32 ? 32 : accumulator.width()));
        Map<String, Object> p;
        try {
            p = Elaborator.elaborate(this.file, null, base).parameters();
        } catch (dev.bdsim.netlist.NetlistException e) {
            if (params.containsKey("W_WORDS") && e.getMessage().contains("banks of equal size")) {
                throw new BadInputException("W_WORDS = " + params.get("W_WORDS") + " must be a multiple of W_BANKS (and of the chunks per block): "
                        + e.getMessage());
            }
            if (!params.containsKey("QUANT_LANES") || passThrough) {
                throw e;
            }
            throw new BadInputException("QUANT_LANES = " + params.get("QUANT_LANES") + " must divide LANES and the block size "
                    + format.blockSize() + " (the quantizer takes a block in whole chunks, the gearbox packs whole chunks): " + e.getMessage());
        }
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            Object v = p.get(e.getKey());
            if (v != null && !v.toString().equals(e.getValue())) {
                throw new BadInputException(this.file + ": the netlist fixes " + e.getKey() + " = " + v + " but " + format.label()
                        + " needs " + e.getValue() + "; use the format's accelerator (" + of(format) + ")");
            }
        }
        rows = intParam(p, "ROWS");
        lanes = intParam(p, "LANES");
        int block = passThrough ? lanes : format.blockSize();
        int q = passThrough ? lanes : intParam(p, "QUANT_LANES") == 0 ? Math.min(lanes, block) : intParam(p, "QUANT_LANES");
        quantLanes = q;
        chunksPerBlock = block / lanes;
        if (block % lanes != 0 || Integer.bitCount(block / lanes) != 1) {
            throw new BadInputException(this.file + ": LANES = " + lanes + " must divide the block size " + block
                    + " into a power of two of chunks (a chunk never spans two blocks)");
        }
        if (lanes % q != 0) {
            throw new BadInputException(this.file + ": QUANT_LANES = " + q + " must divide LANES = " + lanes
                    + " (a gearbox packs LANES / QUANT_LANES of the quantizer's chunks into one of the array's)");
        }
        int fifo = intParam(p, "FIFO_DEPTH");
        if (fifo < block / lanes) {
            throw new BadInputException(this.file + ": FIFO_DEPTH = " + fifo + " cannot take a whole block of " + block / lanes
                    + " chunks of LANES = " + lanes + " (the reader starts a block only with room for all of it); raise FIFO_DEPTH to "
                    + block / lanes + " or more");
        }
        int paddedCols = stored != null ? stored.paddedCols() : w.paddedCols();
        chunks = (paddedCols + lanes - 1) / lanes;
        groups = (w.rows() + rows - 1) / rows;
        if (stored != null) {
            CycleGemm.checkLanes(this.file, stored, lanes);
        }
        groupChunks = stored == null ? chunksPerBlock : stored.group() >= stored.paddedCols() ? chunks : stored.group() / lanes;
        int wWords = intParam(p, "W_WORDS");
        int banks = intParam(p, "W_BANKS");
        // one word per output row (per-channel formats) needs whole rows in a bank only, which the tiles below see to
        boolean perRow = stored != null && groupChunks == chunks;
        if (perRow ? wWords % banks != 0 : wWords % (banks * groupChunks) != 0 || wWords / groupChunks < 2) {
            throw new BadInputException(this.file + ": W_WORDS = " + wWords + " must be a multiple of " + (perRow ? banks : banks * groupChunks)
                    + (perRow ? " (W_BANKS = " + banks + " banks of equal size)" : " (W_BANKS = " + banks + " banks of whole "
                    + (stored == null ? "blocks" : "weight groups") + " of " + groupChunks + " chunks) and hold two of them")
                    + "; change W_WORDS with --param");
        }
        if ((long) groups * chunks <= wWords) {
            tiles = 1;
            tileGroups = groups;
        } else {
            tileGroups = wWords / banks / chunks;
            if (tileGroups == 0) {
                throw new BadInputException(String.format(java.util.Locale.ROOT, "%s: one output group's weights (K = %d: %d chunks per row) do not "
                        + "fit in a weight bank of W_WORDS / W_BANKS = %d words; raise W_WORDS with --param", this.file, w.cols(), chunks,
                        wWords / banks));
            }
            tiles = (groups + tileGroups - 1) / tileGroups;
        }
        int xrowWords = intParam(p, "XROW_WORDS");
        if (chunks > xrowWords) {
            throw new BadInputException(this.file + ": an activation row of K = " + w.cols() + " is " + chunks + " chunks of " + lanes
                    + " lanes, more than the row buffer's XROW_WORDS = " + xrowWords + "; raise XROW_WORDS with --param");
        }
        if (!passThrough) {
            // the exhaustive selector's register stages for the clock, at the quantizer's chunks per block
            Map<String, String> clocked = CycleQuantizer.clocked(this.file, Map.of("N", Integer.toString(Math.max(1, block / q))), format,
                    tech, clockHz);
            if (clocked.containsKey("SELECT_STAGES") && !params.containsKey("SELECT_STAGES")) {
                base.put("SELECT_STAGES", clocked.get("SELECT_STAGES"));
            }
        }
        if (params.containsKey("W_LOAD_ROWS")) {
            try {
                loadRows = Integer.parseInt(params.get("W_LOAD_ROWS").trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("--param W_LOAD_ROWS = " + params.get("W_LOAD_ROWS") + " is not a whole number of rows");
            }
            if (loadRows < 1) {
                throw new BadInputException("--param W_LOAD_ROWS = " + loadRows + " must be at least 1");
            }
            if (rows % loadRows != 0) {
                throw new BadInputException(this.file + ": W_LOAD_ROWS = " + loadRows + " must divide ROWS = " + rows
                        + " (the tile loader writes whole groups of rows); change it with --param");
            }
        } else {
            // as many rows' words per cycle as fill the weight channel, in whole groups of rows
            int want = (intParam(p, "W_DRAM_BYTES") + rowWordBytes() - 1) / rowWordBytes();
            int d = Math.min(want, rows);
            while (rows % d != 0) {
                d++;
            }
            loadRows = d;
        }
        base.put("W_LOAD_ROWS", Integer.toString(loadRows));
        design = base;
        long xWords = intParam(p, "X_WORDS");
        if (xWords < block / q) {
            throw new BadInputException(this.file + ": the activation buffer of X_WORDS = " + xWords + " words cannot hold a block of "
                    + block / q + " words of QUANT_LANES = " + q + " lanes; raise X_WORDS with --param");
        }
    }

    /** Bytes of one row's chunk of weight codes. */
    private int rowWordBytes() {
        return (codeLanes() * (stored != null ? stored.codeBits() : format.elementBits()) + 7) / 8;
    }

    /** Weight codes per chunk word: one per lane, or one per vector of weights. */
    private int codeLanes() {
        return stored != null ? lanes / stored.weightsPerCode() : lanes;
    }

    private static int intParam(Map<String, Object> p, String name) {
        return Math.toIntExact((Long) p.get(name));
    }

    /** The netlist of the last run: the design as elaborated for its shape. */
    public Netlist netlist() {
        stats();
        return netlist;
    }

    public int rows() {
        return rows;
    }

    public int lanes() {
        return lanes;
    }

    private Netlist elaborate(int tokens) {
        Map<String, String> run = new LinkedHashMap<>(design);
        run.put("TOKENS", Integer.toString(tokens));
        run.put("CHUNKS", Integer.toString(chunks));
        run.put("GROUPS", Integer.toString(groups));
        run.put("TILES", Integer.toString(tiles));
        run.put("TILE_GROUPS", Integer.toString(tileGroups));
        Netlist n = Elaborator.elaborate(file, null, run);
        loadWeights(n);
        if (stored != null && stored.table().length > 0 && CycleGemm.loadTable(n.circuit().components(), stored) == 0) {
            throw new BadInputException(file + ": the rows of " + format.id() + " need their table's buffers (w_table or cb1, cb2, ...)");
        }
        return n;
    }

    private <T extends Component> T instance(Netlist n, String name, Class<T> kind) {
        for (Component c : n.circuit().components()) {
            if (kind.isInstance(c) && c.name().equals(name)) {
                return kind.cast(c);
            }
        }
        throw new BadInputException(file + ": an accelerator needs a " + kind.getSimpleName() + " instance named " + name
                + " (see README \"Accelerators\")");
    }

    /**
     * Resident weights into the rows' buffers, word g·CHUNKS + c, a group word per {@code groupChunks} words; streamed ones into
     * the tile loaders' DRAM images, row after row per word.
     */
    private void loadWeights(Netlist n) {
        boolean withMeta = stored != null || !w.format().blockFields().isEmpty();
        String buffers = stored != null ? ".w_" : ".ops.w_";
        Dram codesDram = tiles > 1 ? instance(n, "codes_ld.dram", Dram.class) : null;
        Dram metaDram = tiles > 1 && withMeta ? instance(n, "meta_ld.dram", Dram.class) : null;
        for (int r = 0; r < rows; r++) {
            Sram wc = tiles > 1 ? null : instance(n, "row_" + r + buffers + "codes", Sram.class);
            Sram wm = tiles > 1 || !withMeta ? null : instance(n, "row_" + r + buffers + "meta", Sram.class);
            for (int g = 0; g < groups; g++) {
                int j = g * rows + r;
                for (int c = 0; c < chunks; c++) {
                    int word = g * chunks + c;
                    for (int l = 0; l < codeLanes(); l++) {
                        int code = j < w.rows() ? code(j, c * codeLanes() + l) : 0;
                        if (codesDram != null) {
                            codesDram.load((word * rows + r) / loadRows, r % loadRows * codeLanes() + l, code);
                        } else {
                            wc.load(word, l, code);
                        }
                    }
                    if (withMeta && c % groupChunks == 0) {
                        long meta = j < w.rows() ? groupWord(j, c / groupChunks) : 0;
                        if (metaDram != null) {
                            metaDram.load((word / groupChunks * rows + r) / loadRows, r % loadRows, meta);
                        } else {
                            wm.load(word / groupChunks, 0, meta);
                        }
                    }
                }
            }
        }
    }

    /** The stored code of weight {@code k} of row {@code j} (0 in the padding). */
    private int code(int j, int k) {
        if (stored != null) {
            return k < stored.codesPerRow() ? stored.code(j, k) : 0;
        }
        return k < w.paddedCols() ? w.codes()[j * w.paddedCols() + k] : 0;
    }

    /** Group word {@code i} of row {@code j}: its block word, or its weight-only group word. */
    private long groupWord(int j, int i) {
        return stored != null ? stored.groupWords()[j * stored.groupsPerRow() + i] : w.blockWord(j * w.blocksPerRow() + i);
    }

    /** Runs every row of {@code x} (FP16 activations, K as the weights) through the accelerator and returns the outputs, row-major. */
    public float[] multiply(Fp16Matrix x) {
        return multiply(x, (netlist, sim) -> { });
    }

    /** As {@link #multiply(Fp16Matrix)}; {@code beforeRun} sees the netlist and its simulation, loaded, before the first cycle. */
    public float[] multiply(Fp16Matrix x, java.util.function.BiConsumer<Netlist, Simulator> beforeRun) {
        return multiply(x, beforeRun, (done, total) -> { });
    }

    /** As above; {@code progress} hears each time a token's outputs are out. */
    public float[] multiply(Fp16Matrix x, java.util.function.BiConsumer<Netlist, Simulator> beforeRun, RowsDone progress) {
        if (x.cols() != w.cols()) {
            throw new BadInputException("activations have K = " + x.cols() + " columns, the weights K = " + w.cols());
        }
        int tokens = x.rows();
        Netlist n = elaborate(tokens);
        Dram dram = instance(n, "dram", Dram.class);
        int words = chunks * lanes / quantLanes;
        for (int t = 0; t < tokens; t++) {
            for (int word = 0; word < words; word++) {
                for (int l = 0; l < quantLanes; l++) {
                    int k = word * quantLanes + l;
                    dram.load(t * words + word, l, k < x.cols() ? x.bits(t, k) & 0xffff : 0);
                }
            }
        }
        Simulator sim = n.simulator();
        float xScale = 1f;
        if (format instanceof Nvfp4Format nv) {
            // the host's first pass over the tensor: its per-tensor scale, written before the stream
            xScale = nv.tensorScaleOf(x);
            sim.set(input(n, "tensor_scale"), Float.floatToRawIntBits(xScale) & 0xffffffffL);
        }
        float outScale = xScale * w.tensorScale();
        beforeRun.accept(n, sim);
        int issue = output(n, "issue", 1)[0];
        int starved = output(n, "starved", 1)[0];
        int weightWait = output(n, "w_wait", 1)[0];
        int actWait = output(n, "act_wait", 1)[0];
        int blockStart = output(n, "block_start", 1)[0];
        int chunkIn = output(n, "chunk_in", 1)[0];
        // the blocks on their way to the FIFO, oldest first: whether each waited for DRAM, and its chunks not yet in the FIFO
        java.util.ArrayDeque<long[]> inFlight = new java.util.ArrayDeque<>();
        boolean waited = false;
        int busy = output(n, "busy", 1)[0];
        int backpressure = output(n, "backpressure", 1)[0];
        int valid = output(n, "y_valid", 1)[0];
        int[] out = output(n, "y", rows);
        float[] y = new float[tokens * w.rows()];
        long total = (long) tokens * groups;
        long taken = 0;
        // the next output group out: tile, token, group within the tile
        int outTile = 0;
        int outToken = 0;
        int outGroup = 0;
        long quiet = 0;
        // a deadlock guard: longer than any wait for a weight tile (its bytes at a byte per cycle)
        long patience = 1_000_000 + (tiles > 1 ? (long) tileGroups * chunks * rows * (rowWordBytes() + 8) : 0);
        long[] c = new long[7];
        while (taken < total || sim.get(busy) != 0) {
            if (sim.get(issue) != 0) {
                c[0]++;
                quiet = 0;
            } else if (sim.get(busy) != 0) {
                if (sim.get(weightWait) != 0) {
                    c[4]++;
                } else if (sim.get(starved) == 0) {
                    throw new BadInputException(file + ": the array neither issued nor waited on its FIFO or weights in cycle " + sim.cycle()
                            + "; check the sequencer's status outputs");
                } else {
                    boolean dramBound = inFlight.isEmpty() ? sim.get(actWait) != 0 : inFlight.peekFirst()[0] != 0;
                    c[c[0] == 0 ? 1 : dramBound ? 3 : 2]++;
                }
            } else {
                c[5]++;
            }
            if (sim.get(backpressure) != 0) {
                c[6]++;
            }
            waited |= sim.get(actWait) != 0;
            if (sim.get(blockStart) != 0) {
                inFlight.addLast(new long[] {waited ? 1 : 0, chunksPerBlock});
                waited = false;
            }
            if (sim.get(chunkIn) != 0 && --inFlight.peekFirst()[1] == 0) {
                inFlight.removeFirst();
            }
            if (sim.get(valid) != 0) {
                if (taken == total) {
                    throw new BadInputException(file + ": the accelerator raised y_valid more often than there are output groups");
                }
                int g = outTile * tileGroups + outGroup;
                for (int r = 0; r < rows; r++) {
                    int j = g * rows + r;
                    if (j < w.rows()) {
                        y[outToken * w.rows() + j] = Accumulator.valueOf(accumulator, sim.get(out[r])) * outScale;
                    }
                }
                taken++;
                if (++outGroup == Math.min(tileGroups, groups - outTile * tileGroups)) {
                    outGroup = 0;
                    if (++outToken == tokens) {
                        outToken = 0;
                        outTile++;
                    }
                }
                if (taken % groups == 0) {
                    // a token's worth of output groups (with tiles, every token's outputs are complete at the last tile)
                    progress.update((int) (taken / groups), tokens);
                }
            }
            if (++quiet > patience) {
                throw new BadInputException(file + ": no chunk issued for " + patience + " cycles with " + taken + " of " + total
                        + " output groups out; check the quantizer, FIFO and sequencer handshakes");
            }
            sim.tick();
        }
        List<Activity> activity = sim.activity();
        long weightBytes = 0;
        for (Component d : n.circuit().components()) {
            if (d instanceof Dram channel && !channel.name().equals("dram")) {
                weightBytes += reads(activity, channel.name()) * channel.wordBytes();
            }
        }
        stats = new Stats(sim.cycle(), c[0], c[1], c[2], c[3], c[4], c[5], c[6], (long) tokens * w.rows() * w.cols(), rows, lanes,
                reads(activity, "dram") * dram.wordBytes(), tiles, weightBytes, activity);
        netlist = n;
        return y;
    }

    private static long reads(List<Activity> activity, String instance) {
        return activity.stream().filter(a -> a.instance().equals(instance)).mapToLong(a -> a.action("read")).sum();
    }

    private int input(Netlist n, String name) {
        Netlist.TopPort p = n.input(name);
        if (p == null) {
            throw new BadInputException(file + ": an accelerator of " + format.id() + " needs input " + name + " (see README \"Accelerators\")");
        }
        return p.nets()[0];
    }

    private int[] output(Netlist n, String name, int lanesExpected) {
        Netlist.TopPort p = n.output(name);
        if (p == null || p.lanes() != lanesExpected) {
            throw new BadInputException(file + ": an accelerator needs output " + name + (lanesExpected > 1 ? "[" + lanesExpected + "]" : "")
                    + " (see README \"Accelerators\")");
        }
        return p.nets();
    }

    /** The counters of the last run. */
    public Stats stats() {
        if (stats == null) {
            throw new IllegalStateException("no run yet");
        }
        return stats;
    }

    /** The cost of the last run. */
    public dev.bdsim.cost.CostReport cost(dev.bdsim.cost.TechLibrary tech, double clockHz) {
        return Flow.cost(netlist, stats().activity(), stats().cycles(), tech, clockHz, stats().macs());
    }
}
