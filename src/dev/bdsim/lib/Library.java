package dev.bdsim.lib;

import dev.bdsim.BadInputException;
import dev.bdsim.format.ElementGrid;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.Formatbook;
import dev.bdsim.gemm.AccumulatorSpec;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.TwoStageQuantizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The components a netlist can instantiate by name, with their parameters. A factory may throw
 * {@link IllegalArgumentException} for a combination of parameters it cannot build; the
 * netlist elaborator reports the message at the instance.
 */
public final class Library {
    public interface Factory {
        Component create(String instanceName, Params params);
    }

    public record Entry(String name, String description, List<ParamSpec> params, Factory factory) {
        public Entry {
            params = List.copyOf(params);
        }

        public ParamSpec param(String paramName) {
            return params.stream().filter(p -> p.name().equals(paramName)).findFirst().orElse(null);
        }
    }

    /** Element formats an ElementDecoder decodes, by name. */
    private static final Map<String, ElementGrid> GRIDS = gridsByName();
    private static final Library STANDARD = createStandard();

    private final Map<String, Entry> entries = new TreeMap<>();

    public static Library standard() {
        return STANDARD;
    }

    public Entry find(String name) {
        return entries.get(name);
    }

    public Collection<Entry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    private void register(String name, String description, List<ParamSpec> params, Factory factory) {
        entries.put(name, new Entry(name, description, params, factory));
    }

    // ---- the standard primitives ----

    private static final long MAX_LANES = 65536;

    private static ParamSpec width(long max) {
        return ParamSpec.integer("width", null, 1, max, "bits per lane");
    }

    private static ParamSpec signed() {
        return ParamSpec.integer("signed", 0L, 0, 1, "1 for two's complement");
    }

    private static ParamSpec lanes() {
        return ParamSpec.integer("lanes", 1L, 1, MAX_LANES, "parallel lanes");
    }

    private static List<ParamSpec> typed(long maxWidth, ParamSpec... more) {
        List<ParamSpec> list = new ArrayList<>(List.of(width(maxWidth), signed(), lanes()));
        list.addAll(List.of(more));
        return list;
    }

    private static SignalType type(Params p) {
        return new SignalType(p.intValue("width"), p.flag("signed"));
    }

    private static Library createStandard() {
        Library lib = new Library();
        long maxWidth = SignalType.MAX_WIDTH;
        lib.register("Register", "D flip-flops with enable `en`: d -> q, reset to `init`",
                typed(maxWidth, ParamSpec.integer("init", 0L, Long.MIN_VALUE, Long.MAX_VALUE, "reset value")),
                (n, p) -> new Register(n, type(p), p.intValue("lanes"), p.integer("init")));
        lib.register("PipeStage", "pipeline register with valid/ready: in_valid, in_data, out_ready -> in_ready, out_valid, out_data",
                typed(maxWidth), (n, p) -> new PipeStage(n, type(p), p.intValue("lanes")));
        lib.register("Fifo", "first-word-fall-through FIFO: in_valid, in_data, out_ready -> in_ready, out_valid, out_data, count",
                typed(maxWidth, ParamSpec.integer("depth", null, 1, 65536, "entries")),
                (n, p) -> new Fifo(n, type(p), p.intValue("lanes"), p.intValue("depth")));
        lib.register("Adder", "a + b or a - b, one bit wider: a, b -> s",
                typed(maxWidth - 1, ParamSpec.string("op", "add", List.of("add", "sub"), "add or subtract")),
                (n, p) -> new Adder(n, type(p), p.intValue("lanes"), p.string("op").equals("sub")));
        lib.register("Comparator", "a, b -> lt, eq, gt", typed(maxWidth),
                (n, p) -> new Comparator(n, type(p), p.intValue("lanes")));
        lib.register("Mux", "sel, in0..in{inputs-1} -> out",
                typed(maxWidth, ParamSpec.integer("inputs", 2L, 2, 256, "data inputs")),
                (n, p) -> new Mux(n, type(p), p.intValue("lanes"), p.intValue("inputs")));
        lib.register("Shifter", "a, amount -> y, logical left or arithmetic/logical right by signedness",
                typed(maxWidth, ParamSpec.string("dir", "left", List.of("left", "right"), "shift direction"),
                        ParamSpec.integer("amount_bits", 6L, 1, 7, "bits of the shift amount")),
                (n, p) -> new Shifter(n, type(p), p.intValue("lanes"), p.string("dir").equals("left"), p.intValue("amount_bits")));
        lib.register("Constant", "-> y, a constant value",
                List.of(width(64), signed(), ParamSpec.integer("value", null, Long.MIN_VALUE, Long.MAX_VALUE, "the value")),
                (n, p) -> new Constant(n, type(p), p.integer("value"), p.integer("value") >> 63));
        lib.register("Multiplier", "a, b -> p (a_bits + b_bits wide), lane by lane",
                List.of(ParamSpec.integer("a_bits", null, 1, 63, "bits of a"),
                        ParamSpec.integer("a_signed", 0L, 0, 1, "1 if a is signed"),
                        ParamSpec.integer("b_bits", null, 1, 63, "bits of b"),
                        ParamSpec.integer("b_signed", 0L, 0, 1, "1 if b is signed"),
                        ParamSpec.integer("negate", 0L, 0, 1, "1 adds a per-lane `neg` input: p = neg ? -(a*b) : a*b"),
                        lanes()),
                (n, p) -> new Multiplier(n, new SignalType(p.intValue("a_bits"), p.flag("a_signed")),
                        new SignalType(p.intValue("b_bits"), p.flag("b_signed")), p.intValue("lanes"), p.flag("negate")));
        lib.register("AdderTree", "x[inputs] -> sum, a binary adder tree with `pipeline` register stages (latency)",
                List.of(width(127), signed(),
                        ParamSpec.integer("inputs", null, 1, MAX_LANES, "operands summed"),
                        ParamSpec.integer("pipeline", 0L, 0, 17, "register stages, spread over the levels; 0: combinational")),
                (n, p) -> new AdderTree(n, type(p), p.intValue("inputs"), p.intValue("pipeline")));
        lib.register("Delay", "d -> q, `depth` registers in a chain",
                typed(64, ParamSpec.integer("depth", 1L, 1, 4096, "cycles of delay")),
                (n, p) -> new Delay(n, type(p), p.intValue("lanes"), p.intValue("depth")));
        lib.register("Sram", "addr, re, we, wdata -> rdata (registered): a buffer of `words` words of lanes x width bits",
                typed(64, ParamSpec.integer("words", null, 1, 1L << 28, "words")),
                (n, p) -> new Sram(n, type(p), p.intValue("lanes"), p.intValue("words")));
        lib.register("Counter", "enabled edges counted 0..max, wrapping: -> q, at_max",
                List.of(ParamSpec.integer("width", null, 1, 63, "bits of the count"),
                        ParamSpec.integer("max", -1L, -1, Long.MAX_VALUE, "last value before wrapping; -1: all ones")),
                (n, p) -> {
                    int w = p.intValue("width");
                    long max = p.integer("max") < 0 ? (1L << w) - 1 : p.integer("max");
                    if (max >= 1L << w) {
                        throw new IllegalArgumentException("max = " + max + " does not fit in width = " + w);
                    }
                    return new Counter(n, w, max);
                });
        lib.register("Lut", "a -> y = table[a]; the table from `table` text or a `file`",
                List.of(ParamSpec.integer("in_bits", null, 1, 16, "bits of the index"),
                        width(64), signed(), lanes(),
                        ParamSpec.string("table", "", List.of(), "entries: decimal, 0x.., 0b.."),
                        ParamSpec.string("file", "", List.of(), "a file of entries, relative to the netlist")),
                (n, p) -> new Lut(n, p.intValue("in_bits"), type(p), p.intValue("lanes"), table(p)));
        lib.register("ElementDecoder", "code -> value (signed integer in the grid's least step), invalid (NaN/Inf codes)",
                List.of(ParamSpec.string("format", null, List.copyOf(GRIDS.keySet()), "element format"), lanes()),
                (n, p) -> new ElementDecoder(n, GRIDS.get(p.string("format")), p.intValue("lanes")));
        lib.register("DialectDecoder", "code (per lane), dialect (per block) -> magnitude (half units), sign",
                List.of(formatbookParam(), lanes()),
                (n, p) -> new DialectDecoder(n, formatbook(p), p.intValue("lanes")));
        ParamSpec block = ParamSpec.integer("block", 32L, 1, 4096, "elements per block");
        lib.register("BlockMax", "x (per lane), valid, first, last -> max: the largest value of each block of chunks, held",
                List.of(width(63), lanes()), (n, p) -> new BlockMax(n, p.intValue("width"), p.intValue("lanes")));
        lib.register("QuarterScaler", "x (FP16 magnitude bits), ebits -> u: the 5-bit quarter-unit value of each lane",
                List.of(lanes()), (n, p) -> new QuarterScaler(n, p.intValue("lanes")));
        lib.register("PairSelect", "umax -> a, b: stage 1 of the two-stage quantizer, the candidate dialects",
                List.of(formatbookParam()), (n, p) -> new PairSelect(n, twoStage(p), formatbook(p).dialectBits()));
        lib.register("RangeCounter", "u (per lane), a, b, valid, first, last -> dialect: stage 2, beneficial-range votes per block",
                List.of(formatbookParam(), lanes(), block),
                (n, p) -> new RangeCounter(n, twoStage(p), formatbook(p).dialectBits(), p.intValue("lanes"), p.intValue("block")));
        lib.register("MseSelect", "u (per lane), valid, first, last -> dialect: the least summed squared error over all dialects",
                List.of(formatbookParam(), lanes(), block),
                (n, p) -> new MseSelect(n, formatbook(p), p.intValue("lanes"), p.intValue("block")));
        lib.register("DialectEncoder", "u, sign (per lane), dialect -> code: the nearest magnitude's 4-bit code",
                List.of(formatbookParam(), lanes()), (n, p) -> new DialectEncoder(n, formatbook(p), p.intValue("lanes")));
        lib.register("Accumulator", "p, exponent, valid, clear -> acc: adds p * 2^exponent like the functional GEMM",
                List.of(ParamSpec.string("acc", "fp32", List.of(), "fp32 or fixed:W:F[:wrap]"),
                        ParamSpec.integer("p_bits", null, 2, 128, "bits of the signed block sum p"),
                        ParamSpec.integer("exp_bits", 8L, 2, 16, "bits of the signed exponent"),
                        ParamSpec.integer("terms", 1L, 1, 4096, "lanes of p and exponent added per valid edge, in lane order")),
                (n, p) -> new BlockAccumulator(n, AccumulatorSpec.parse(p.string("acc")), p.intValue("p_bits"),
                        p.intValue("exp_bits"), p.intValue("terms")));
        return lib;
    }

    private static ParamSpec formatbookParam() {
        return ParamSpec.string("formatbook", "", List.of(), "formatbook file, relative to the netlist; empty: the standard one");
    }

    private static Formatbook formatbook(Params p) {
        String file = p.string("formatbook");
        return file.isEmpty() ? Formatbook.standard() : Formatbook.load(p.baseDir().resolve(file));
    }

    private static TwoStageQuantizer twoStage(Params p) {
        try {
            return new TwoStageQuantizer(formatbook(p), ElementEncoding.EXACT);
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Map<String, ElementGrid> gridsByName() {
        Map<String, ElementGrid> grids = new java.util.LinkedHashMap<>();
        for (ElementGrid g : List.of(ElementGrid.E2M1, ElementGrid.E2M3, ElementGrid.E3M2, ElementGrid.E4M3, ElementGrid.E5M2, ElementGrid.E5M10,
                ElementGrid.integer("INT4", 4, 0), ElementGrid.integer("INT8", 8, 0))) {
            grids.put(g.name(), g);
        }
        return grids;
    }

    private static long[] table(Params p) {
        String text = p.string("table");
        String file = p.string("file");
        if (text.isEmpty() == file.isEmpty()) {
            throw new IllegalArgumentException("give the table either as `table` or as `file`, not " + (text.isEmpty() ? "neither" : "both"));
        }
        if (file.isEmpty()) {
            return Lut.parseTable(text);
        }
        Path path = p.baseDir().resolve(file);
        try {
            return Lut.parseTable(Files.readString(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read table file " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }
}
