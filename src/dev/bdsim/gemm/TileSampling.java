package dev.bdsim.gemm;

import dev.bdsim.BadInputException;
import dev.bdsim.kernel.Activity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Stratified random sampling of a GEMM's tiles, for layers too large to simulate whole. The population is every tile of
 * one activation row against {@code tileRows} consecutive output rows; strata are bands of activation rows crossed with
 * bands of output rows, so every part of both operands is represented. Each stratum gets a share of the sample in
 * proportion to its tiles, at least two where it has two, drawn without replacement from a seeded generator (the same
 * seed, the same tiles). A total over the product (energy, or any activity count) is estimated per stratum as its
 * outputs times its sampled tiles' total per output (a ratio estimate), with the stratified variance and the
 * finite-population correction, so sampling every tile gives the exact total and a zero interval.
 */
public final class TileSampling {
    /** Bands of activation rows and of output rows: up to this many of each. */
    static final int BANDS = 4;
    /** z of a two-sided 95 % normal interval. */
    static final double Z95 = 1.959963984540054;

    private final int tokens;
    private final int cols;
    private final int tileRows;
    private final int groups;
    private final int[] tokenBand;
    private final int[] rowBand;
    private final List<List<CycleGemm.Tile>> strata = new ArrayList<>();
    private final List<CycleGemm.Tile> sample = new ArrayList<>();

    /** A point estimate and the half-width of its 95 % confidence interval. */
    public record Estimate(double value, double halfWidth) {
        /** This estimate with an exactly known amount added. */
        public Estimate plus(double exact) {
            return new Estimate(value + exact, halfWidth);
        }

        public double relativeHalfWidth() {
            return value == 0 ? 0 : halfWidth / Math.abs(value);
        }
    }

    /**
     * Draws {@code tiles} of the {@code tokens × cols} product, each of {@code tileRows} output rows (the last of a row
     * possibly fewer), with {@code seed}.
     */
    public TileSampling(int tokens, int cols, int tileRows, long tiles, long seed) {
        if (tileRows < 1) {
            throw new BadInputException("--sample-rows must be at least 1, got " + tileRows);
        }
        if (tiles < 1) {
            throw new BadInputException("--sample must be at least 1 tile, got " + tiles);
        }
        this.tokens = tokens;
        this.cols = cols;
        this.tileRows = Math.min(tileRows, cols);
        this.groups = (cols + this.tileRows - 1) / this.tileRows;
        int tb = Math.min(BANDS, tokens);
        int rb = Math.min(BANDS, groups);
        tokenBand = bands(tokens, tb);
        rowBand = bands(groups, rb);
        for (int h = 0; h < tb * rb; h++) {
            strata.add(new ArrayList<>());
        }
        long population = (long) tokens * groups;
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < tb; t++) {
            for (int r = 0; r < rb; r++) {
                long size = (long) (tokenBand[t + 1] - tokenBand[t]) * (rowBand[r + 1] - rowBand[r]);
                long n = Math.min(size, Math.max(Math.min(2, size), Math.round((double) tiles * size / population)));
                for (long k : draw(random, size, n)) {
                    int tokenInBand = (int) (k / (rowBand[r + 1] - rowBand[r]));
                    int group = rowBand[r] + (int) (k % (rowBand[r + 1] - rowBand[r]));
                    strata.get(t * rb + r).add(tile(tokenBand[t] + tokenInBand, group));
                }
            }
        }
        strata.forEach(s -> s.sort(java.util.Comparator.comparingLong(x -> x.firstOutput(cols))));
        strata.forEach(sample::addAll);
        sample.sort(java.util.Comparator.comparingLong(x -> x.firstOutput(cols)));
    }

    /** {@code n} band boundaries splitting {@code count} items as evenly as integers allow. */
    private static int[] bands(int count, int n) {
        int[] b = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            b[i] = (int) ((long) count * i / n);
        }
        return b;
    }

    /** {@code n} distinct values of {@code [0, size)}, sorted (Floyd's algorithm: n draws, whatever the size). */
    private static long[] draw(SplittableRandom random, long size, long n) {
        java.util.TreeSet<Long> chosen = new java.util.TreeSet<>();
        for (long j = size - n; j < size; j++) {
            long v = random.nextLong(j + 1);
            chosen.add(chosen.contains(v) ? j : v);
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    private CycleGemm.Tile tile(int token, int group) {
        int first = group * tileRows;
        return new CycleGemm.Tile(token, first, Math.min(tileRows, cols - first));
    }

    /** The sampled tiles in the order of the whole run. */
    public List<CycleGemm.Tile> tiles() {
        return List.copyOf(sample);
    }

    public long populationTiles() {
        return (long) tokens * groups;
    }

    public int strata() {
        return strata.size();
    }

    public int tileRows() {
        return tileRows;
    }

    /** Outputs of the product in stratum {@code h}. */
    private long outputs(int h) {
        int rb = rowBand.length - 1;
        int t = h / rb;
        int r = h % rb;
        long rows = 0;
        for (int g = rowBand[r]; g < rowBand[r + 1]; g++) {
            rows += Math.min(tileRows, cols - g * tileRows);
        }
        return (long) (tokenBand[t + 1] - tokenBand[t]) * rows;
    }

    private long tilesIn(int h) {
        int rb = rowBand.length - 1;
        return (long) (tokenBand[h / rb + 1] - tokenBand[h / rb]) * (rowBand[h % rb + 1] - rowBand[h % rb]);
    }

    /**
     * The product's total of {@code what} (a sampled tile's contribution) over every tile: per stratum the ratio estimate,
     * its outputs times the sampled tiles' total over their outputs, and a 95 % interval from the strata's variances of the
     * residuals, with the finite-population correction. {@code runs} are the sampled tiles' runs.
     */
    public Estimate total(List<CycleGemm.TileRun> runs, ToDoubleFunction<CycleGemm.TileRun> what) {
        java.util.Map<CycleGemm.Tile, CycleGemm.TileRun> byTile = byTile(runs);
        double total = 0;
        double variance = 0;
        for (int h = 0; h < strata.size(); h++) {
            List<CycleGemm.Tile> s = strata.get(h);
            int n = s.size();
            double[] y = new double[n];
            double sumY = 0;
            double sumRows = 0;
            for (int i = 0; i < n; i++) {
                y[i] = what.applyAsDouble(byTile.get(s.get(i)));
                sumY += y[i];
                sumRows += s.get(i).rows();
            }
            double ratio = sumY / sumRows;
            long outputs = outputs(h);
            total += outputs * ratio;
            if (n > 1) {
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    double d = y[i] - ratio * s.get(i).rows();
                    ss += d * d;
                }
                double meanRows = sumRows / n;
                double fpc = 1 - (double) n / tilesIn(h);
                variance += (double) outputs * outputs * fpc * (ss / (n - 1)) / (n * meanRows * meanRows);
            }
        }
        return new Estimate(total, Z95 * Math.sqrt(variance));
    }

    /** The activity of the whole product the sample stands for: each stratum's sampled activity scaled to its outputs. */
    public List<Activity> activity(List<CycleGemm.TileRun> runs) {
        java.util.Map<CycleGemm.Tile, CycleGemm.TileRun> byTile = byTile(runs);
        List<Activity> sum = null;
        for (int h = 0; h < strata.size(); h++) {
            List<CycleGemm.Tile> s = strata.get(h);
            long sampledOutputs = s.stream().mapToLong(CycleGemm.Tile::rows).sum();
            double factor = (double) outputs(h) / sampledOutputs;
            List<Activity> stratum = null;
            for (CycleGemm.Tile t : s) {
                List<Activity> a = byTile.get(t).activity();
                stratum = stratum == null ? a : Activity.plus(stratum, a);
            }
            List<Activity> scaled = stratum.stream().map(a -> a.scaled(factor)).toList();
            sum = sum == null ? scaled : Activity.plus(sum, scaled);
        }
        return sum;
    }

    private static java.util.Map<CycleGemm.Tile, CycleGemm.TileRun> byTile(List<CycleGemm.TileRun> runs) {
        java.util.Map<CycleGemm.Tile, CycleGemm.TileRun> m = new java.util.HashMap<>();
        runs.forEach(r -> m.put(r.tile(), r));
        return m;
    }
}
