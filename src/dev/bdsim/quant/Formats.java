package dev.bdsim.quant;

import dev.bdsim.BadInputException;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.Formatbook;
import dev.bdsim.format.Fp16Format;
import dev.bdsim.format.IntBlockFormat;
import dev.bdsim.format.MxFormat;
import dev.bdsim.format.Nvfp4Format;
import dev.bdsim.format.Rounding;
import dev.bdsim.format.AdditiveCodebookFormat;
import dev.bdsim.format.AsymmetricIntFormat;
import dev.bdsim.format.ChannelInt8Format;
import dev.bdsim.format.LevelTableFormat;
import dev.bdsim.format.WeightOnlyFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats by name, as written on the command line: {@code id}, {@code id@B} for an explicit
 * block size, then options as {@code :key=value} ({@code dialectfp4@32:encode=quarter}). NVFP4
 * uses its defining block of 16 unless given one; FP16 has no blocks.
 */
public final class Formats {
    /** Every format id, in the order tables list them. */
    public static final List<String> ALL = List.of("dialectfp4", "dialectfp4-exh", "mxfp4", "nvfp4", "int4",
            "mxfp6-e2m3", "mxfp6-e3m2", "mxfp8-e4m3", "mxfp8-e5m2", "mxint8", "int8", "fp16");

    /** The weight-only formats (activations stay FP16), in the order tables list them; {@code aq-MxB} takes other sizes too. */
    public static final List<String> WEIGHT_ONLY = List.of("nf4", "nf4-dq", "bnb-fp4", "hqq-int4", "hqq-int3", "hqq-int2",
            "minmax-int4", "minmax-int3", "minmax-int2", "int8-channel", "aq-2x8");

    /** Weights per group of the weight-only formats with groups, unless given with {@code @G}. */
    public static final int WEIGHT_GROUP = 64;

    private Formats() {}

    /** Settings shared by every format of one run. */
    public record Options(int defaultBlockSize, Rounding rounding, Formatbook formatbook) {
        public static Options defaults() {
            return new Options(32, Rounding.NEAREST_EVEN, Formatbook.standard());
        }
    }

    public static List<BlockFormat> parseList(String list, Options options) {
        List<BlockFormat> formats = new ArrayList<>();
        for (String spec : list.split(",")) {
            if (!spec.isBlank()) {
                formats.add(parse(spec.strip(), options));
            }
        }
        if (formats.isEmpty()) {
            throw new BadInputException("no formats given; choose from " + String.join(", ", ALL));
        }
        return formats;
    }

    public static BlockFormat parse(String spec, Options options) {
        String[] parts = spec.toLowerCase(java.util.Locale.ROOT).split(":", -1);
        String id = parts[0];
        ElementEncoding encoding = ElementEncoding.EXACT;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2 || !kv[0].equals("encode")) {
                throw new BadInputException("format '" + spec + "': '" + parts[i] + "' is not a format option; the one option is "
                        + "encode=exact|quarter (DialectFP4's element encoding), e.g. dialectfp4:encode=quarter");
            }
            if (!id.startsWith("dialectfp4")) {
                throw new BadInputException("format '" + spec + "': encode= applies to dialectfp4 and dialectfp4-exh only");
            }
            try {
                encoding = ElementEncoding.named(kv[1]);
            } catch (BadInputException e) {
                throw new BadInputException("format '" + spec + "': " + e.getMessage());
            }
        }
        Integer block = null;
        int at = id.indexOf('@');
        if (at >= 0) {
            try {
                block = Integer.parseInt(id.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new BadInputException("format '" + spec + "': block size after '@' must be an integer, e.g. mxfp4@16");
            }
            id = id.substring(0, at);
        }
        int b = block != null ? block : options.defaultBlockSize();
        if (b < 1 || b > 4096) {
            throw new BadInputException("format '" + spec + "': block size " + b + " out of range 1..4096");
        }
        WeightOnlyFormat weightOnly = weightOnly(spec, id, block);
        if (weightOnly != null) {
            return weightOnly;
        }
        Rounding r = options.rounding();
        Formatbook book = options.formatbook();
        return switch (id) {
            case "dialectfp4" -> new DialectFp4Format(id, book, b, new TwoStageQuantizer(book, encoding), new OfflineMseQuantizer(book));
            case "dialectfp4-exh" -> new DialectFp4Format(id, book, b, new ExhaustiveQuantizer(book, encoding), new OfflineMseQuantizer(book));
            case "mxfp4" -> MxFormat.mxfp4(b, r);
            case "mxfp6-e2m3" -> MxFormat.mxfp6e2m3(b, r);
            case "mxfp6-e3m2" -> MxFormat.mxfp6e3m2(b, r);
            case "mxfp8-e4m3" -> MxFormat.mxfp8e4m3(b, r);
            case "mxfp8-e5m2" -> MxFormat.mxfp8e5m2(b, r);
            case "mxint8" -> MxFormat.mxint8(b, r);
            case "nvfp4" -> new Nvfp4Format(block != null ? block : 16, r);
            case "int4" -> new IntBlockFormat(4, b, r);
            case "int8" -> new IntBlockFormat(8, b, r);
            case "fp16" -> {
                if (block != null && block != 1) {
                    throw new BadInputException("format '" + spec + "': fp16 is not block-scaled; drop the '@" + block + "'");
                }
                yield new Fp16Format();
            }
            default -> throw new BadInputException("unknown format '" + spec + "'; choose from " + String.join(", ", ALL)
                    + ", or the weight-only " + String.join(", ", WEIGHT_ONLY));
        };
    }

    /** The weight-only format {@code id} names, or null when it names none. */
    private static WeightOnlyFormat weightOnly(String spec, String id, Integer block) {
        int g = block != null ? block : WEIGHT_GROUP;
        WeightOnlyFormat f = switch (id) {
            case "nf4" -> LevelTableFormat.nf4(g);
            case "nf4-dq" -> LevelTableFormat.nf4DoubleQuant(g);
            case "bnb-fp4" -> LevelTableFormat.bnbFp4(g);
            case "hqq-int2", "hqq-int3", "hqq-int4" -> new AsymmetricIntFormat(id.charAt(7) - '0', g, true);
            case "minmax-int2", "minmax-int3", "minmax-int4" -> new AsymmetricIntFormat(id.charAt(10) - '0', g, false);
            case "int8-channel" -> new ChannelInt8Format();
            default -> additive(spec, id);
        };
        if (f != null && f.group() == 0 && block != null) {
            throw new BadInputException("format '" + spec + "': " + id + " has one scale per output row, not groups; drop the '@" + block + "'");
        }
        return f;
    }

    private static WeightOnlyFormat additive(String spec, String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("aq-(\\d+)x(\\d+)").matcher(id);
        if (!m.matches()) {
            return null;
        }
        int books = Integer.parseInt(m.group(1));
        int bits = Integer.parseInt(m.group(2));
        if (books < 1 || books > 4 || bits < 1 || bits > 10) {
            throw new BadInputException("format '" + spec + "': aq-MxB takes 1 to 4 codebooks (M) of 2^1 to 2^10 vectors (B), e.g. aq-2x8");
        }
        return new AdditiveCodebookFormat(books, bits);
    }
}
