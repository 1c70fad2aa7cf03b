package dev.bdsim.golden;

import dev.bdsim.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a golden file re-runs: a datapath netlist computing {@code X·Wᵀ} ({@code kind: gemm}), the
 * activation quantizer netlist ({@code kind: quantizer}) or an accelerator netlist ({@code kind: accelerator})
 * on the first rows of real traces, with
 * its parameters, format, accumulator and cost-model settings. Stored as {@code key: value} lines
 * at the top of the golden file.
 */
public record GoldenCase(String name, String kind, String netlist, String format, Map<String, String> params,
                         String activations, int tokens, String weights, int weightRows, String acc, String tech,
                         String clock) {
    public static final List<String> KINDS = List.of("gemm", "quantizer", "accelerator");

    public GoldenCase {
        params = Map.copyOf(new LinkedHashMap<>(params));
        if (!KINDS.contains(kind)) {
            throw new BadInputException("golden case " + dev.bdsim.io.InputFiles.excerpt(name) + ": kind '" + dev.bdsim.io.InputFiles.excerpt(kind) + "' is not one of " + KINDS);
        }
    }

    static GoldenCase gemm(String name, String netlist, String format, String params, int tokens, int weightRows) {
        return new GoldenCase(name, "gemm", netlist, format, parseParams(name, params), "traces/layer0.attn_in.npy", tokens,
                "traces/layer1.ffn_in.npy", weightRows, "fp32", "45nm", "500MHz");
    }

    /** A gemm case with a fixed-point accumulator. */
    static GoldenCase gemm(String name, String netlist, String format, String params, String acc) {
        GoldenCase c = gemm(name, netlist, format, params, 2, 4);
        return new GoldenCase(c.name(), c.kind(), c.netlist(), c.format(), c.params(), c.activations(), c.tokens(), c.weights(),
                c.weightRows(), acc, c.tech(), c.clock());
    }

    static GoldenCase quantizer(String name, String format, int n, int tokens) {
        String netlist = format.startsWith("dialectfp4") ? "dialect_quantizer.bdn" : "block_quantizer.bdn";
        return new GoldenCase(name, "quantizer", "rtl-models/quantizers/" + netlist, format,
                Map.of("N", Integer.toString(n)), "traces/layer2.ffn_hidden.npy", tokens, "", 0, "fp32", "45nm", "500MHz");
    }

    /** An accelerator case: the format's shipped accelerator netlist on 2 tokens of the gemm cases' traces. */
    static GoldenCase accelerator(String name, String file, String format, String params, int weightRows) {
        return new GoldenCase(name, "accelerator", "rtl-models/accelerators/" + file, format, parseParams(name, params),
                "traces/layer0.attn_in.npy", 2, "traces/layer1.ffn_in.npy", weightRows, "fp32", "45nm", "500MHz");
    }

    /** The standard set {@code ./sim golden record} writes: every datapath, both DialectFP4 quantizer selectors and the block-scaled formats' quantizers, small enough to verify in seconds. */
    public static List<GoldenCase> standard() {
        return List.of(
                gemm("dialectfp4", "rtl-models/datapaths/dialectfp4.bdn", "dialectfp4", "LANES=8 DEPTH=1", 2, 4),
                gemm("dialectfp4-exh", "rtl-models/datapaths/dialectfp4.bdn", "dialectfp4-exh", "LANES=32 DEPTH=2", 2, 4),
                gemm("mxfp4", "rtl-models/datapaths/mxfp4.bdn", "mxfp4", "LANES=16 DEPTH=1", 2, 4),
                gemm("nvfp4", "rtl-models/datapaths/nvfp4.bdn", "nvfp4", "LANES=8 DEPTH=1", 2, 4),
                gemm("nvfp4-fixed24-overflow", "rtl-models/datapaths/nvfp4.bdn", "nvfp4", "LANES=8 DEPTH=1", "fixed:24:8"),
                gemm("mxfp6-e2m3", "rtl-models/datapaths/mxfp6.bdn", "mxfp6-e2m3", "LANES=8 DEPTH=1", 2, 4),
                gemm("mxfp6-e3m2", "rtl-models/datapaths/mxfp6_e3m2.bdn", "mxfp6-e3m2", "LANES=8 DEPTH=1", 2, 4),
                gemm("mxfp8-e4m3", "rtl-models/datapaths/mxfp8.bdn", "mxfp8-e4m3", "LANES=8 DEPTH=1", 2, 4),
                gemm("mxfp8-e5m2", "rtl-models/datapaths/mxfp8_e5m2.bdn", "mxfp8-e5m2", "LANES=8 DEPTH=1", 2, 4),
                gemm("mxint8", "rtl-models/datapaths/mxint8.bdn", "mxint8", "LANES=8 DEPTH=1", 2, 4),
                gemm("int4", "rtl-models/datapaths/int4.bdn", "int4", "LANES=8 DEPTH=1", 2, 4),
                gemm("int8", "rtl-models/datapaths/int8.bdn", "int8", "LANES=8 DEPTH=1", 2, 4),
                gemm("fp16", "rtl-models/datapaths/fp16.bdn", "fp16", "LANES=8 DEPTH=1", 2, 4),
                gemm("nf4", "rtl-models/datapaths/nf4.bdn", "nf4", "LANES=8 DEPTH=1", 2, 4),
                gemm("nf4-dq", "rtl-models/datapaths/nf4_dq.bdn", "nf4-dq", "LANES=16 DEPTH=1 DEC_STAGES=0", 2, 4),
                gemm("bnb-fp4", "rtl-models/datapaths/bnb_fp4.bdn", "bnb-fp4", "LANES=8 DEPTH=2", 2, 4),
                gemm("hqq-int4", "rtl-models/datapaths/int4_asym.bdn", "hqq-int4", "LANES=8 DEPTH=1", 2, 4),
                gemm("hqq-int3", "rtl-models/datapaths/int3_asym.bdn", "hqq-int3", "LANES=16 DEPTH=0", 2, 4),
                gemm("minmax-int2", "rtl-models/datapaths/int2_asym.bdn", "minmax-int2", "LANES=8 DEPTH=1", 2, 4),
                gemm("int8-channel", "rtl-models/datapaths/int8_channel.bdn", "int8-channel", "LANES=8 DEPTH=1", 2, 4),
                gemm("aq-2x8", "rtl-models/datapaths/aq_2x8.bdn", "aq-2x8", "LANES=16 DEPTH=1", 2, 4),
                quantizer("quantizer-two-stage", "dialectfp4", 4, 6),
                quantizer("quantizer-exhaustive", "dialectfp4-exh", 4, 6),
                quantizer("quantizer-two-stage-quarter", "dialectfp4:encode=quarter", 4, 6),
                quantizer("quantizer-mxfp4", "mxfp4", 4, 6),
                quantizer("quantizer-mxfp6-e2m3", "mxfp6-e2m3", 1, 6),
                quantizer("quantizer-mxfp6-e3m2", "mxfp6-e3m2", 2, 6),
                quantizer("quantizer-mxfp8-e4m3", "mxfp8-e4m3", 8, 6),
                quantizer("quantizer-mxfp8-e5m2", "mxfp8-e5m2", 1, 6),
                quantizer("quantizer-mxint8", "mxint8", 2, 6),
                quantizer("quantizer-int4", "int4", 2, 6),
                quantizer("quantizer-int8", "int8", 4, 6),
                quantizer("quantizer-nvfp4", "nvfp4", 2, 6),
                accelerator("accelerator-dialectfp4", "dialectfp4.bdn", "dialectfp4",
                        "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=12 DRAM_BYTES=4 DRAM_LATENCY=5 XROW_WORDS=64 W_WORDS=256 X_WORDS=16 OUT_WORDS=4", 5),
                accelerator("accelerator-mxfp4", "mxfp4.bdn", "mxfp4",
                        "ROWS=3 LANES=16 QUANT_LANES=8 FIFO_DEPTH=2 DRAM_BYTES=64 DRAM_LATENCY=2 XROW_WORDS=32 W_WORDS=64 X_WORDS=8 OUT_WORDS=4", 4),
                accelerator("accelerator-int8", "int8.bdn", "int8",
                        "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=8 DRAM_BYTES=100 DRAM_LATENCY=0 XROW_WORDS=64 W_WORDS=128 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-nvfp4", "nvfp4.bdn", "nvfp4",
                        "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=4 DRAM_BYTES=16 DRAM_LATENCY=3 XROW_WORDS=64 W_WORDS=256 X_WORDS=8 OUT_WORDS=2", 5),
                accelerator("accelerator-dialectfp4-exh", "dialectfp4.bdn", "dialectfp4-exh", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-mxfp6-e2m3", "mxfp6.bdn", "mxfp6-e2m3", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-mxfp6-e3m2", "mxfp6_e3m2.bdn", "mxfp6-e3m2", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-mxfp8-e4m3", "mxfp8.bdn", "mxfp8-e4m3", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-mxfp8-e5m2", "mxfp8_e5m2.bdn", "mxfp8-e5m2", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-mxint8", "mxint8.bdn", "mxint8", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-int4", "int4.bdn", "int4", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=192 X_WORDS=8 OUT_WORDS=2", 4),
                accelerator("accelerator-fp16", "fp16.bdn", "fp16",
                        "ROWS=2 LANES=8 FIFO_DEPTH=3 DRAM_BYTES=8 DRAM_LATENCY=1 XROW_WORDS=64 W_WORDS=128 X_WORDS=4 OUT_WORDS=2", 3),
                // weights streamed in tiles: double-buffered, two rows loaded per cycle; one bank with a shorter last tile
                accelerator("accelerator-mxfp4-tiles", "mxfp4.bdn", "mxfp4", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 DRAM_BYTES=32 "
                        + "DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=96 W_BANKS=2 W_DRAM_BYTES=8 W_LOAD_ROWS=2 X_WORDS=8 OUT_WORDS=2", 6),
                accelerator("accelerator-dialectfp4-tiles", "dialectfp4.bdn", "dialectfp4", "ROWS=2 LANES=8 QUANT_LANES=8 FIFO_DEPTH=6 "
                        + "DRAM_BYTES=32 DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=96 W_BANKS=1 W_DRAM_BYTES=3 X_WORDS=8 OUT_WORDS=2", 5),
                // weight-only rows: FP16 activations, weights decoded in front of FP16 multipliers; resident, then in tiles
                accelerator("accelerator-nf4", "nf4.bdn", "nf4",
                        "ROWS=2 LANES=8 FIFO_DEPTH=3 DRAM_BYTES=8 DRAM_LATENCY=1 XROW_WORDS=64 W_WORDS=192 X_WORDS=4 OUT_WORDS=2", 3),
                accelerator("accelerator-hqq-int4-tiles", "int4_asym.bdn", "hqq-int4", "ROWS=2 LANES=8 FIFO_DEPTH=4 DRAM_BYTES=16 "
                        + "DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=96 W_BANKS=2 W_DRAM_BYTES=4 X_WORDS=8 OUT_WORDS=2", 5),
                accelerator("accelerator-int8-channel-tiles", "int8_channel.bdn", "int8-channel", "ROWS=2 LANES=16 FIFO_DEPTH=4 DRAM_BYTES=32 "
                        + "DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=50 W_BANKS=2 W_DRAM_BYTES=8 X_WORDS=8 OUT_WORDS=2", 6),
                accelerator("accelerator-aq-2x8-tiles", "aq_2x8.bdn", "aq-2x8", "ROWS=2 LANES=16 FIFO_DEPTH=4 DRAM_BYTES=32 "
                        + "DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=48 W_BANKS=2 W_DRAM_BYTES=4 X_WORDS=8 OUT_WORDS=2", 6),
                // groups of 8: the 6 rows' 288 groups take two second-level scales, row 5's in both
                accelerator("accelerator-nf4-dq-tiles", "nf4_dq.bdn", "nf4-dq@8", "ROWS=2 LANES=8 FIFO_DEPTH=4 DRAM_BYTES=16 "
                        + "DRAM_LATENCY=2 XROW_WORDS=64 W_WORDS=96 W_BANKS=2 W_DRAM_BYTES=4 X_WORDS=8 OUT_WORDS=2", 6));
    }

    static Map<String, String> parseParams(String where, String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : text.strip().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(where + ": parameter '" + dev.bdsim.io.InputFiles.excerpt(item) + "' is not NAME=VALUE");
            }
            map.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return map;
    }

    String paramsText() {
        return String.join(" ", new java.util.TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Whether the case multiplies activations by weights (a datapath or an accelerator), so it has weights and an accumulator. */
    public boolean multiplies() {
        return !kind.equals("quantizer");
    }

    /** The header lines of a golden file. */
    Map<String, String> header() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("case", name);
        h.put("kind", kind);
        h.put("netlist", netlist);
        h.put("format", format);
        h.put("params", paramsText());
        h.put("activations", activations);
        h.put("tokens", Integer.toString(tokens));
        if (multiplies()) {
            h.put("weights", weights);
            h.put("weight_rows", Integer.toString(weightRows));
            h.put("acc", acc);
        }
        h.put("tech", tech);
        h.put("clock", clock);
        return h;
    }

    /** Reads a case from header lines; {@code where} names the file for errors. */
    static GoldenCase fromHeader(String where, Map<String, String> h) {
        String kind = require(where, h, "kind");
        boolean gemm = !kind.equals("quantizer");
        return new GoldenCase(require(where, h, "case"), kind, require(where, h, "netlist"), require(where, h, "format"),
                parseParams(where, h.getOrDefault("params", "")), require(where, h, "activations"),
                integer(where, h, "tokens"), gemm ? require(where, h, "weights") : "",
                gemm ? integer(where, h, "weight_rows") : 0, h.getOrDefault("acc", "fp32"),
                h.getOrDefault("tech", "45nm"), h.getOrDefault("clock", "500MHz"));
    }

    private static String require(String where, Map<String, String> h, String key) {
        String v = h.get(key);
        if (v == null || v.isBlank()) {
            throw new BadInputException(where + ": the header has no '" + key + ":' line; see README \"Golden traces\"");
        }
        return v.strip();
    }

    private static int integer(String where, Map<String, String> h, String key) {
        String v = require(where, h, key);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(where + ": '" + key + ": " + dev.bdsim.io.InputFiles.excerpt(v) + "' must be a positive integer");
    }
}
