package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.Accumulator;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.flow.Flow;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.format.StoredWeights;
import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.lib.BlockAccumulator;
import dev.bdsim.lib.Sram;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Y = X · Wᵀ} computed cycle by cycle by a datapath netlist (README "Datapaths"). The
 * weights are loaded into the netlist's buffers ({@code w_codes}, {@code w_meta}); activation rows
 * arrive in batches and stream through: per cycle one chunk of {@code LANES} element pairs of one
 * output, outputs in row-major order, so memory holds one batch and the weights, never all of X.
 * Cycle counts come from the simulated clock: an output is taken when the netlist raises
 * {@code done}.
 */
public final class CycleGemm {
    /** The ports and buffers a datapath netlist offers. */
    public static final List<String> CONTROL = List.of("valid", "first", "last", "start", "finish");

    private final Netlist netlist;
    private final Simulator sim;
    private final AccumulatorSpec accumulator;
    private final QuantizedTensor w;
    private final int lanes;
    private final int chunksPerRow;
    private final int elementsPerRow;
    private final Simulator.Input control;
    private final Simulator.Input xCode;
    private final long[] laneValues;
    private final int xMeta;
    private final int wAddr;
    /** The group word's address input of a weight-only datapath, or -1. */
    private final int mAddr;
    /** The second-level scale's address of weight-only weights whose table is read by group, or -1. */
    private final int tAddr;
    private final int acc;
    private final int done;
    private long cycles;
    private long chunks;
    private long macs;
    private long stallCycles;
    /** The last batch's drain: a stall once another batch follows it, the pipeline's drain if none does. */
    private long pendingDrain;

    /** Receives each finished batch: the outputs of {@code x.rows()} rows, row-major. */
    public interface Sink {
        void accept(int firstRow, QuantizedTensor x, float[] y);
    }

    /** Counters of a finished run; {@code macs} counts the products of {@code X · Wᵀ} (M·N·K), not padding. */
    public record Stats(long cycles, long chunks, long macs, int lanes, long stallCycles, List<Activity> activity) {
        /** Useful products per multiplier and cycle. */
        public double utilisation() {
            return cycles == 0 ? 0 : (double) macs / ((double) cycles * lanes);
        }

        /** Adds that overflowed a fixed-point accumulator (saturated or wrapped), over every accumulator instance. */
        public long accumulatorOverflows() {
            return BlockAccumulator.overflows(activity);
        }

        /** Cycles without a chunk: the stalls between batches and the last drain of the pipeline. */
        public long idleCycles() {
            return cycles - chunks;
        }
    }

    /**
     * Elaborates the datapath for weights {@code w}: sets {@code BLOCK} to the format's block size,
     * {@code W_WORDS} to the weight words and {@code ACC}/{@code ACC_WIDTH} to the accumulator, on
     * top of the caller's {@code params}, and loads the weights into the buffers.
     */
    public CycleGemm(Path file, String top, Map<String, String> params, QuantizedTensor w, AccumulatorSpec accumulator) {
        this(file, top, params, w, accumulator, null);
    }

    /** As above, simulated on a chosen engine (null: the configured one for the datapath, {@link Simulator.Engine#configured}). */
    public CycleGemm(Path file, String top, Map<String, String> params, QuantizedTensor w, AccumulatorSpec accumulator,
                     Simulator.Engine engine) {
        this.w = w;
        this.accumulator = accumulator;
        List<String> declared = Elaborator.parameterNames(file, top);
        for (String required : List.of("LANES", "W_WORDS", "ACC", "ACC_WIDTH")) {
            if (!declared.contains(required)) {
                throw new BadInputException(file + ": not a datapath netlist: its top module has no parameter " + required
                        + " (see README \"Datapaths\")");
            }
        }
        for (String fixed : List.of("W_WORDS", "ACC", "ACC_WIDTH")) {
            if (params.containsKey(fixed)) {
                throw new BadInputException("--param " + fixed + " is set from the weights and the accumulator, not by hand; "
                        + (fixed.equals("W_WORDS") ? "drop it" : "choose the accumulator with --acc"));
            }
        }
        int laneCount = params.containsKey("LANES") ? parseLanes(file, params.get("LANES"))
                : lanesDefault(file, top);
        int b = w.blockSize();
        if (b > 1 && (b % laneCount != 0 || Integer.bitCount(b / laneCount) != 1)) {
            throw new BadInputException(file + ": LANES = " + laneCount + " must divide the block size " + b
                    + " into a power of two of chunks (a chunk never spans two blocks); try --param LANES="
                    + largestDivisor(b, laneCount));
        }
        int padded = w.paddedCols();
        elementsPerRow = (padded + laneCount - 1) / laneCount * laneCount;
        chunksPerRow = elementsPerRow / laneCount;
        long words = Math.max(2, (long) w.rows() * chunksPerRow);
        if (words > 1L << 28) {
            throw new BadInputException("weights of " + w.rows() + " x " + w.cols() + " need " + words
                    + " buffer words, more than 2^28; use more lanes or a smaller weight tensor");
        }
        Map<String, String> overrides = new LinkedHashMap<>(params);
        overrides.put("LANES", Integer.toString(laneCount));
        overrides.put("W_WORDS", Long.toString(words));
        overrides.put("ACC", accumulator.toString());
        overrides.put("ACC_WIDTH", Integer.toString(accumulator.kind() == AccumulatorSpec.Kind.FP32 ? 32 : accumulator.width()));
        StoredWeights stored = w.stored();
        if (stored != null) {
            storedWeightParameters(file, declared, params, stored, laneCount, overrides);
        }
        if (declared.contains("BLOCK")) {
            if (params.containsKey("BLOCK") && !params.get("BLOCK").equals(Integer.toString(b))) {
                throw new BadInputException("--param BLOCK=" + params.get("BLOCK") + " differs from the format's block size "
                        + b + "; choose the block size with the format, e.g. " + w.format().id() + "@" + params.get("BLOCK"));
            }
            overrides.put("BLOCK", Integer.toString(b));
        } else if (b > 1) {
            throw new BadInputException(file + ": the datapath has no BLOCK parameter, so it cannot run the block format "
                    + w.format().id() + "; use the netlist of that format");
        }
        netlist = Flow.elaborate(file, top, overrides);
        sim = engine == null ? netlist.simulator() : netlist.simulator(engine);
        lanes = laneCount;
        int[] controlNets = new int[CONTROL.size()];
        for (int i = 0; i < CONTROL.size(); i++) {
            controlNets[i] = inputNet(file, CONTROL.get(i));
        }
        control = sim.input(controlNets);
        Netlist.TopPort codes = netlist.input("x_code");
        if (codes == null || codes.lanes() != lanes || codes.type().width() != w.format().elementBits()) {
            throw new BadInputException(file + ": a datapath needs input x_code : u" + w.format().elementBits() + "[LANES] for "
                    + w.format().id() + (codes == null ? "" : ", found " + codes.type() + "[" + codes.lanes() + "]"));
        }
        xCode = sim.input(codes.nets());
        laneValues = new long[lanes];
        int metaBits = w.format().blockFields().stream().mapToInt(f -> f.bits()).sum();
        Netlist.TopPort meta = netlist.input("x_meta");
        if (metaBits > 0 && (meta == null || meta.type().width() != metaBits)) {
            throw new BadInputException(file + ": " + w.format().id() + " needs input x_meta : u" + metaBits
                    + " (the packed block word)" + (meta == null ? "" : ", found " + meta.type()));
        }
        xMeta = metaBits > 0 ? meta.nets()[0] : -1;
        wAddr = inputNet(file, "w_addr");
        mAddr = stored != null ? inputNet(file, "m_addr") : -1;
        tAddr = stored != null && stored.tableGroups() > 0 ? inputNet(file, "t_addr") : -1;
        acc = outputNet(file, "acc");
        done = outputNet(file, "done");
        if (stored != null) {
            loadStoredWeights(file, stored);
        } else {
            loadWeights(file, metaBits > 0);
        }
    }

    /** The buffer sizes of a weight-only datapath from its stored weights; refuses what it cannot run. */
    private static void storedWeightParameters(Path file, List<String> declared, Map<String, String> params, StoredWeights stored, int lanes,
                                               Map<String, String> overrides) {
        if (!declared.contains("G_WORDS")) {
            throw new BadInputException(file + ": the weight-only weights need a weight-only datapath (parameter G_WORDS, input m_addr; "
                    + "see README \"Weight-only formats\"), e.g. rtl-models/datapaths/nf4.bdn");
        }
        checkLanes(file, stored, lanes);
        for (String fixed : List.of("G_WORDS", "T_WORDS")) {
            if (params.containsKey(fixed)) {
                throw new BadInputException("--param " + fixed + " is set from the weights, not by hand; drop it");
            }
        }
        overrides.put("G_WORDS", Integer.toString(Math.max(2, stored.groupWords().length)));
        if (declared.contains("T_WORDS")) {
            overrides.put("T_WORDS", Integer.toString(Math.max(2, stored.table().length)));
        }
    }

    /** Refuses lanes that cannot take weight-only weights chunk by chunk: whole codes per chunk, no chunk across two groups. */
    static void checkLanes(Path file, StoredWeights stored, int lanes) {
        if (lanes % stored.weightsPerCode() != 0) {
            throw new BadInputException(file + ": LANES = " + lanes + " must be a multiple of " + stored.weightsPerCode()
                    + ": the format stores one code per " + stored.weightsPerCode() + " weights; try --param LANES="
                    + Math.max(stored.weightsPerCode(), lanes / stored.weightsPerCode() * stored.weightsPerCode()));
        }
        if (stored.group() < stored.paddedCols() && stored.group() % lanes != 0) {
            throw new BadInputException(file + ": LANES = " + lanes + " must divide the format's group of " + stored.group()
                    + " weights (a chunk never spans two groups); try --param LANES=" + largestDivisor(stored.group(), lanes));
        }
    }

    private static int parseLanes(Path file, String text) {
        try {
            int lanes = Integer.parseInt(text.strip());
            if (lanes >= 1) {
                return lanes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(file + ": --param LANES=" + text + " must be a positive integer");
    }

    private static int lanesDefault(Path file, String top) {
        Object lanes = Elaborator.elaborate(file, top, Map.of()).parameters().get("LANES");
        return Math.toIntExact((Long) lanes);
    }

    private static int largestDivisor(int b, int below) {
        int d = Math.min(b, below);
        while (b % d != 0 || Integer.bitCount(b / d) != 1) {
            d--;
        }
        return d;
    }

    private int inputNet(Path file, String name) {
        Netlist.TopPort p = netlist.input(name);
        if (p == null) {
            throw new BadInputException(file + ": a datapath needs input " + name + " (see README \"Datapaths\")");
        }
        return p.nets()[0];
    }

    private int outputNet(Path file, String name) {
        Netlist.TopPort p = netlist.output(name);
        if (p == null) {
            throw new BadInputException(file + ": a datapath needs output " + name + " (see README \"Datapaths\")");
        }
        return p.nets()[0];
    }

    private Sram buffer(Path file, String name) {
        Sram found = null;
        for (Component c : netlist.circuit().components()) {
            if (c instanceof Sram s && (c.name().equals(name) || c.name().endsWith("." + name))) {
                if (found != null) {
                    throw new BadInputException(file + ": more than one buffer named " + name);
                }
                found = s;
            }
        }
        if (found == null) {
            throw new BadInputException(file + ": a datapath needs an Sram instance named " + name + " for the weights");
        }
        return found;
    }

    private void loadWeights(Path file, boolean withMeta) {
        Sram codes = buffer(file, "w_codes");
        Sram meta = withMeta ? buffer(file, "w_meta") : null;
        int[] wc = w.codes();
        int padded = w.paddedCols();
        int b = w.blockSize();
        for (int j = 0; j < w.rows(); j++) {
            for (int c = 0; c < chunksPerRow; c++) {
                int word = j * chunksPerRow + c;
                for (int l = 0; l < lanes; l++) {
                    int k = c * lanes + l;
                    codes.load(word, l, k < padded ? wc[j * padded + k] : 0);
                }
                if (meta != null && (c * lanes) % b == 0) {
                    meta.load(word / (b / lanes), 0, w.blockWord(j * w.blocksPerRow() + c * lanes / b));
                }
            }
        }
    }

    /**
     * A weight-only format's codes, group words and table into the datapath's buffers: w_codes (a code per lane, or per
     * vector of weights), w_meta, and the table into w_table (second-level scales) or into every copy of the codebooks
     * (cb1, cb2, ...: one entry of 8 FP16 values per word).
     */
    private void loadStoredWeights(Path file, StoredWeights stored) {
        Sram codes = buffer(file, "w_codes");
        Sram meta = buffer(file, "w_meta");
        int perCode = stored.weightsPerCode();
        int codeLanes = lanes / perCode;
        for (int j = 0; j < w.rows(); j++) {
            for (int c = 0; c < chunksPerRow; c++) {
                for (int v = 0; v < codeLanes; v++) {
                    int k = c * codeLanes + v;
                    codes.load(j * chunksPerRow + c, v, k < stored.codesPerRow() ? stored.code(j, k) : 0);
                }
            }
        }
        long[] words = stored.groupWords();
        for (int g = 0; g < words.length; g++) {
            meta.load(g, 0, words[g]);
        }
        if (stored.table().length > 0 && loadTable(netlist.circuit().components(), stored) == 0) {
            throw new BadInputException(file + ": " + w.format().id() + " needs " + (stored.tableGroups() > 0
                    ? "an Sram instance named w_table for its second-level scales" : "Sram instances named cb1, cb2, ... for its codebooks"));
        }
    }

    /**
     * The tensor's table into every copy of it among {@code components}: second-level scales into the buffers named
     * {@code w_table}, codebooks into {@code cb<book>} or {@code cb<book>_<copy>} (one entry of FP16 values per word); returns
     * the buffers loaded.
     */
    static int loadTable(List<Component> components, StoredWeights stored) {
        short[] table = stored.table();
        int perCode = stored.weightsPerCode();
        int loaded = 0;
        for (Component c : components) {
            if (!(c instanceof Sram buffer)) {
                continue;
            }
            String leaf = leaf(c.name());
            java.util.regex.Matcher book = CODEBOOK.matcher(leaf);
            if (stored.tableGroups() > 0 && leaf.equals("w_table")) {
                for (int t = 0; t < table.length; t++) {
                    buffer.load(t, 0, table[t] & 0xffff);
                }
                loaded++;
            } else if (stored.tableGroups() == 0 && book.matches()) {
                int first = (Integer.parseInt(book.group(1)) - 1) * buffer.words() * perCode;
                for (int i = 0; i < buffer.words(); i++) {
                    for (int e = 0; e < perCode; e++) {
                        buffer.load(i, e, table[first + i * perCode + e] & 0xffff);
                    }
                }
                loaded++;
            }
        }
        return loaded;
    }

    /** A codebook's buffer, {@code cb<book>} or a copy of it {@code cb<book>_<copy>}. */
    private static final java.util.regex.Pattern CODEBOOK = java.util.regex.Pattern.compile("cb(\\d+)(_\\d+)?");

    private static String leaf(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The simulation this driver runs. */
    public Simulator simulator() {
        return sim;
    }

    public Netlist netlist() {
        return netlist;
    }

    /** Chunks (cycles) per output: the padded K over the lanes. */
    public int chunksPerRow() {
        return chunksPerRow;
    }

    public int lanes() {
        return lanes;
    }

    /** Runs one batch of activation rows against all weights; returns its outputs, row-major. */
    public float[] multiply(QuantizedTensor x) {
        if (x.cols() != w.cols() || x.blockSize() != w.blockSize() || !x.format().id().equals(w.format().id())) {
            throw new BadInputException("activations (" + x.format().id() + ", K = " + x.cols() + ", B = " + x.blockSize()
                    + ") do not match the weights (" + w.format().id() + ", K = " + w.cols() + ", B = " + w.blockSize() + ")");
        }
        int cols = w.rows();
        // the previous batch's drain kept the array waiting for this one
        stallCycles += pendingDrain;
        pendingDrain = 0;
        float[] y = new float[x.rows() * cols];
        float scale = x.tensorScale() * w.tensorScale();
        long[] ctl = new long[CONTROL.size()];
        int[] taken = {0};
        Runnable collect = () -> taken[0] = tick(y, taken[0], scale);
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                driveOutput(x, i, j, ctl, collect);
            }
        }
        java.util.Arrays.fill(ctl, 0);
        drive(ctl);
        macs += (long) x.rows() * cols * x.cols();
        int limit = 0;
        while (taken[0] < y.length) {
            if (++limit > DRAIN_LIMIT) {
                throw silent(taken[0], y.length);
            }
            collect.run();
            pendingDrain++;
        }
        return y;
    }

    /** Cycles the pipeline may take to raise {@code done} for its last output before the driver calls it stuck. */
    private static final int DRAIN_LIMIT = 10_000;

    private BadInputException silent(long taken, long outputs) {
        return new BadInputException(netlist.file() + ": the datapath raised `done` for " + taken + " of " + outputs
                + " outputs and then stayed silent for " + DRAIN_LIMIT + " cycles; check its control path");
    }

    /** Drives the chunks of output (i, j), one per cycle; {@code clock} runs each cycle once its inputs are set. */
    private void driveOutput(QuantizedTensor x, int i, int j, long[] ctl, Runnable clock) {
        int b = x.blockSize();
        int padded = x.paddedCols();
        int[] codes = x.codes();
        for (int c = 0; c < chunksPerRow; c++) {
            int k0 = c * lanes;
            for (int l = 0; l < lanes; l++) {
                int k = k0 + l;
                laneValues[l] = k < padded ? codes[i * padded + k] : 0;
            }
            xCode.set(laneValues);
            if (xMeta >= 0 && k0 % b == 0) {
                sim.set(xMeta, x.blockWord(i * x.blocksPerRow() + k0 / b));
            }
            sim.set(wAddr, (long) j * chunksPerRow + c);
            if (mAddr >= 0) {
                StoredWeights stored = w.stored();
                sim.set(mAddr, (long) j * stored.groupsPerRow() + k0 / stored.group());
                if (tAddr >= 0) {
                    sim.set(tAddr, stored.tableWord(j, k0 / stored.group()));
                }
            }
            ctl[0] = 1;
            ctl[1] = b == 1 || k0 % b == 0 ? 1 : 0;
            ctl[2] = b == 1 || (k0 + lanes) % b == 0 ? 1 : 0;
            ctl[3] = k0 < b || c == 0 ? 1 : 0;
            ctl[4] = k0 >= elementsPerRow - b || c == chunksPerRow - 1 ? 1 : 0;
            drive(ctl);
            clock.run();
            chunks++;
        }
    }

    // ---- sampled runs ----

    /** Activation row {@code token} against output rows {@code [firstRow, firstRow + rows)}: the unit a sampled run simulates. */
    public record Tile(int token, int firstRow, int rows) {
        long firstOutput(int cols) {
            return (long) token * cols + firstRow;
        }
    }

    /** What one tile did, measured from its first chunk to the cycle after its last: its components' activity and its cycles. */
    public record TileRun(Tile tile, List<Activity> activity, long cycles) {}

    /** A sampled run: the tiles' activity, and the pipeline's drain after the product's last output, simulated whole. */
    public record Sampled(List<TileRun> tiles, List<Activity> drain, long drainCycles, long simulatedCycles) {}

    /** Receives each output of a sampled tile when the datapath finishes it. */
    public interface TileOutputs {
        void accept(int token, int row, float value);
    }

    /**
     * Cycles of outputs before a tile, simulated and not measured, so that every register and net holds in the tile's first
     * cycle what it holds there in the whole run: at least one whole output (the accumulator's state) and longer than
     * any datapath's pipeline.
     */
    static final int WARM_CYCLES = 64;

    /**
     * Simulates only the given tiles of {@code X · Wᵀ} ({@code x} holds every activation row), in the order of the whole
     * run: before each tile the outputs just before it warm the pipeline (or the run continues, when the gap is shorter),
     * so a tile's activity is the one it has in the whole run. After the last tile the product's last outputs and the
     * drain run too: the drain's cycles complete the schedule's count.
     */
    public Sampled sample(QuantizedTensor x, List<Tile> tiles, TileOutputs sink) {
        int cols = w.rows();
        float scale = x.tensorScale() * w.tensorScale();
        long outputs = (long) x.rows() * cols;
        int warm = Math.max(1, (WARM_CYCLES + chunksPerRow - 1) / chunksPerRow);
        java.util.ArrayDeque<Long> inFlight = new java.util.ArrayDeque<>();
        long[] ctl = new long[CONTROL.size()];
        long start = cycles;
        java.util.List<TileRun> runs = new java.util.ArrayList<>();
        Runnable clock = () -> {
            if (clockDone()) {
                Long o = inFlight.poll();
                if (o == null) {
                    throw tooManyOutputs();
                }
                if ((o & 1) != 0) {
                    long index = o >>> 1;
                    sink.accept((int) (index / cols), (int) (index % cols), output(scale));
                }
            }
        };
        long next = 0;
        for (Tile t : tiles) {
            long first = t.firstOutput(cols);
            if (first < next || t.rows() < 1 || t.firstRow() + t.rows() > cols || t.token() >= x.rows()) {
                throw new IllegalArgumentException("tiles must lie in the product and come in its order: " + t);
            }
            driveOutputs(x, first - next <= warm ? next : first - warm, first, false, ctl, inFlight, clock);
            List<Activity> before = sim.activity();
            long c0 = cycles;
            driveOutputs(x, first, first + t.rows(), true, ctl, inFlight, clock);
            runs.add(new TileRun(t, Activity.minus(sim.activity(), before), cycles - c0));
            next = first + t.rows();
        }
        driveOutputs(x, outputs - next <= warm ? next : outputs - warm, outputs, false, ctl, inFlight, clock);
        List<Activity> before = sim.activity();
        long c0 = cycles;
        java.util.Arrays.fill(ctl, 0);
        drive(ctl);
        int limit = 0;
        while (!inFlight.isEmpty()) {
            if (++limit > DRAIN_LIMIT) {
                throw silent(outputs - inFlight.size(), outputs);
            }
            clock.run();
        }
        return new Sampled(runs, Activity.minus(sim.activity(), before), cycles - c0, cycles - start);
    }

    private void driveOutputs(QuantizedTensor x, long from, long to, boolean measured, long[] ctl, java.util.ArrayDeque<Long> inFlight,
                              Runnable clock) {
        int cols = w.rows();
        for (long o = from; o < to; o++) {
            inFlight.add(o << 1 | (measured ? 1 : 0));
            driveOutput(x, (int) (o / cols), (int) (o % cols), ctl, clock);
        }
    }

    private void drive(long[] ctl) {
        control.set(ctl);
    }

    private int tick(float[] y, int taken, float scale) {
        if (clockDone()) {
            if (taken == y.length) {
                throw tooManyOutputs();
            }
            y[taken] = output(scale);
            return taken + 1;
        }
        return taken;
    }

    /** One clock cycle; true when the datapath finished an output in it. */
    private boolean clockDone() {
        sim.tick();
        cycles++;
        return sim.get(done) != 0;
    }

    /** The output the datapath just finished, times the tensors' scales. */
    private float output(float scale) {
        return Accumulator.valueOf(accumulator, sim.get(acc)) * scale;
    }

    private BadInputException tooManyOutputs() {
        return new BadInputException(netlist.file() + ": the datapath raised `done` more often than there are outputs");
    }

    public Stats stats() {
        return new Stats(cycles, chunks, macs, lanes, stallCycles, sim.activity());
    }

    /** Runs batches until {@code source} returns null; each batch's outputs go to {@code sink}. */
    public Stats run(java.util.function.Supplier<QuantizedTensor> source, Sink sink) {
        int row = 0;
        for (QuantizedTensor x = source.get(); x != null; x = source.get()) {
            sink.accept(row, x, multiply(x));
            row += x.rows();
        }
        return stats();
    }

    /** Index of the first output whose bits differ (NaN payloads included), or -1 when all agree. */
    public static int firstMismatch(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }
}
