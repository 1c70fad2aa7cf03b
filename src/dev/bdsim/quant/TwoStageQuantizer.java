package dev.bdsim.quant;

import dev.bdsim.BadInputException;
import dev.bdsim.format.DialectQuantizer;
import dev.bdsim.format.Formatbook;

/**
 * The online two-stage activation quantizer (spec §4): stage 1 picks the dialect pair from the
 * block maximum, stage 2 picks within the pair by counting elements in each dialect's
 * beneficial range. No squaring: one table lookup per element, as in hardware.
 */
public final class TwoStageQuantizer implements DialectQuantizer {
    private final Formatbook book;
    /** Group (dialects sharing a maximum) covering each stage-1 maximum M in half-units. */
    private final int[][] groupForMax;
    /** Per dialect pair: +1 where dialect A is strictly better at u, -1 where B is, 0 on a tie. */
    private final int[][] benefit;

    public TwoStageQuantizer(Formatbook book) {
        this.book = book;
        int[][] groups = book.groupsByMax();
        for (int[] g : groups) {
            if (g.length > 2) {
                throw new BadInputException(book.source() + ": the two-stage quantizer needs at most two dialects per largest "
                        + "magnitude, but dialects " + java.util.Arrays.toString(g) + " share " + book.maxHalfUnits(g[0])
                        + "; use the exhaustive quantizer for this formatbook");
            }
        }
        this.groupForMax = new int[Formatbook.MAX_HALF_UNITS + 1][];
        for (int m = 0; m <= Formatbook.MAX_HALF_UNITS; m++) {
            int[] chosen = groups[groups.length - 1];
            for (int[] g : groups) {
                if (book.maxHalfUnits(g[0]) >= m) {
                    chosen = g;
                    break;
                }
            }
            groupForMax[m] = chosen;
        }
        this.benefit = new int[book.dialects()][Formatbook.QUARTER_UNITS];
        for (int[] g : groups) {
            if (g.length == 2) {
                for (int u = 0; u < Formatbook.QUARTER_UNITS; u++) {
                    benefit[g[0]][u] = Integer.signum(book.error(g[1], u) - book.error(g[0], u));
                }
            }
        }
    }

    @Override
    public String id() {
        return "two-stage";
    }

    @Override
    public int quantize(long[] magnitudes, int ebits, int[] indexOut) {
        int[] u = OnlineScaling.quarterUnits(magnitudes, ebits);
        int umax = 0;
        for (int v : u) {
            umax = Math.max(umax, v);
        }
        int m = Math.min(book.maxOfMaxHalfUnits(), Math.max(book.minOfMaxHalfUnits(), (umax + 1) >> 1));
        int[] group = groupForMax[m];
        int dialect = group[0];
        if (group.length == 2) {
            int[] ben = benefit[group[0]];
            int balance = 0; // countA - countB
            for (int v : u) {
                balance += ben[v];
            }
            dialect = balance >= 0 ? group[0] : group[1];
        }
        for (int i = 0; i < u.length; i++) {
            indexOut[i] = book.nearestIndex(dialect, u[i]);
        }
        return dialect;
    }
}
