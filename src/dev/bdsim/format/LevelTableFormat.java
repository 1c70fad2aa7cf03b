package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

/**
 * Bitsandbytes' 4-bit weight formats: a code indexes 16 levels in [-1, 1], scaled by its group's absmax. NF4's levels are
 * the normal-quantile ones of QLoRA (Dettmers et al. 2023, arXiv 2305.14314, appendix E; bitsandbytes' {@code
 * create_normal_map}); bitsandbytes' FP4 is a sign bit and 3 bits indexing {0, 1/192, 2/3, 1, 1/3, 1/2, 1/6, 1/4}. The
 * absmax is stored as FP16 (the group's largest FP16 magnitude, exact), or, double-quantized, as an 8-bit multiple of an
 * FP16 scale shared by 256 consecutive groups. Decoding: {@code w = fp16(L16[c] · a)}, L16 the levels rounded to FP16.
 */
public final class LevelTableFormat extends WeightOnlyFormat {
    /** NF4's levels as published (float32 values), code 0 to 15. */
    public static final double[] NF4_LEVELS = {-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
            -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
            0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0};

    /** Bitsandbytes' FP4 levels, code 0 to 15: bit 3 the sign. */
    public static final double[] BNB_FP4_LEVELS = {0, 1 / 192.0, 2 / 3.0, 1, 1 / 3.0, 0.5, 1 / 6.0, 0.25,
            -0.0, -1 / 192.0, -2 / 3.0, -1, -1 / 3.0, -0.5, -1 / 6.0, -0.25};

    /** Groups whose absmax values share one second-level FP16 scale when double-quantized. */
    public static final int SECOND_LEVEL_GROUPS = 256;

    private final String id;
    private final String name;
    private final double[] levels;
    private final short[] levels16;
    private final int zeroCode;
    private final int group;
    private final boolean doubleQuant;

    private LevelTableFormat(String id, String name, double[] levels, int group, boolean doubleQuant) {
        Blocks.checkBlockSize(group);
        this.id = id;
        this.name = name;
        this.levels = levels.clone();
        this.levels16 = new short[levels.length];
        for (int c = 0; c < levels.length; c++) {
            levels16[c] = Fp16.fromDouble(levels[c]);
        }
        this.zeroCode = nearest(0.0);
        this.group = group;
        this.doubleQuant = doubleQuant;
    }

    public static LevelTableFormat nf4(int group) {
        return new LevelTableFormat("nf4", "NF4 (bitsandbytes, FP16 absmax)", NF4_LEVELS, group, false);
    }

    public static LevelTableFormat nf4DoubleQuant(int group) {
        return new LevelTableFormat("nf4-dq", "NF4, double-quantized absmax (8 bits per group)", NF4_LEVELS, group, true);
    }

    public static LevelTableFormat bnbFp4(int group) {
        return new LevelTableFormat("bnb-fp4", "FP4 (bitsandbytes' levels, FP16 absmax)", BNB_FP4_LEVELS, group, false);
    }

    /** The levels the decoder holds: the published ones rounded to FP16. */
    public short[] decoderLevels() {
        return levels16.clone();
    }

    public boolean doubleQuantized() {
        return doubleQuant;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public int group() {
        return group;
    }

    @Override
    public double bitsPerElement() {
        return doubleQuant ? 4 + 8.0 / group + 16.0 / ((double) group * SECOND_LEVEL_GROUPS) : 4 + 16.0 / group;
    }

    @Override
    public String codeLayout() {
        return "weights: a 4-bit level index per weight, per " + group + " weights " + (doubleQuant
                ? "an 8-bit absmax multiple of an FP16 scale per " + SECOND_LEVEL_GROUPS + " groups" : "an FP16 absmax") + "; activations FP16";
    }

    /** The code of the level nearest {@code x}; ties to the level of smaller magnitude, then to the lower code. */
    int nearest(double x) {
        int best = 0;
        for (int c = 1; c < levels.length; c++) {
            double d = Math.abs(x - levels[c]);
            double e = Math.abs(x - levels[best]);
            if (d < e || (d == e && Math.abs(levels[c]) < Math.abs(levels[best]))) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public StoredWeights encode(Fp16Matrix w) {
        int rows = w.rows();
        int cols = w.cols();
        int padded = paddedCols(cols, group, 1);
        int groups = padded / group;
        short[] absmax = new short[rows * groups];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int b = r * groups + c / group;
                short m = (short) (w.bits(r, c) & 0x7fff);
                if (Fp16.magnitudeUnits(m) > Fp16.magnitudeUnits(absmax[b])) {
                    absmax[b] = m;
                }
            }
        }
        long[] words = new long[absmax.length];
        short[] table = new short[doubleQuant ? (absmax.length + SECOND_LEVEL_GROUPS - 1) / SECOND_LEVEL_GROUPS : 0];
        short[] scale = new short[absmax.length];
        if (!doubleQuant) {
            for (int b = 0; b < absmax.length; b++) {
                words[b] = absmax[b] & 0xffff;
                scale[b] = absmax[b];
            }
        } else {
            for (int t = 0; t < table.length; t++) {
                int from = t * SECOND_LEVEL_GROUPS;
                int to = Math.min(absmax.length, from + SECOND_LEVEL_GROUPS);
                double most = 0;
                for (int b = from; b < to; b++) {
                    most = Math.max(most, Fp16.toDouble(absmax[b]));
                }
                short s2 = Fp16.fromDouble(most / 255);
                if (Fp16.toDouble(s2) * 255 < most) {
                    s2++; // the next FP16 magnitude up, so 255 multiples reach the largest absmax
                }
                table[t] = s2;
                for (int b = from; b < to; b++) {
                    double s = Fp16.toDouble(s2);
                    int u = s == 0 ? 0 : (int) Math.min(255, Math.ceil(Fp16.toDouble(absmax[b]) / s));
                    words[b] = u;
                    scale[b] = Fp16.mul(integer(u), s2);
                }
            }
        }
        int[] codes = new int[rows * padded];
        java.util.Arrays.fill(codes, zeroCode);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double a = Fp16.toDouble(scale[r * groups + c / group]);
                codes[r * padded + c] = a == 0 ? zeroCode : nearest(w.value(r, c) / a);
            }
        }
        return new StoredWeights(rows, cols, padded, 4, 1, codes, group, doubleQuant ? 8 : 16, words, table, doubleQuant ? SECOND_LEVEL_GROUPS : 0);
    }

    /** The group's absmax as the decoder forms it. */
    short absmax(StoredWeights w, int row, int col) {
        long word = w.word(row, col);
        if (!doubleQuant) {
            return (short) word;
        }
        return Fp16.mul(integer((int) word), w.table()[w.tableWord(row, col / group)]);
    }

    @Override
    public short decode(StoredWeights w, int row, int col) {
        return Fp16.mul(levels16[w.code(row, col)], absmax(w, row, col));
    }
}
