package dev.bdsim.quant;

import dev.bdsim.BadInputException;
import dev.bdsim.format.DialectQuantizer;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.OnlineScaling;
import dev.bdsim.format.Formatbook;

/**
 * The online two-stage activation quantizer (spec §4): stage 1 picks the dialect pair from the
 * block maximum, stage 2 picks within the pair by counting elements in each dialect's
 * beneficial range. No squaring: one table lookup per element, as in hardware.
 */
public final class TwoStageQuantizer implements DialectQuantizer {
    /** Stage 1's candidate dialects; {@code a == b} for a dialect without a partner. */
    public record Pair(int a, int b) {}

    private final Formatbook book;
    private final ElementEncoding encoding;
    /** Stage 1's candidates for each block maximum M in half-units. */
    private final Pair[] pairForMax;
    /** Per dialect pair: +1 where dialect A is strictly better at u, -1 where B is, 0 on a tie. */
    private final int[][] benefit;

    public TwoStageQuantizer(Formatbook book, ElementEncoding encoding) {
        this.book = book;
        this.encoding = encoding;
        int[][] groups = book.groupsByMax();
        for (int[] g : groups) {
            if (g.length > 2) {
                throw new BadInputException(book.source() + ": the two-stage quantizer needs at most two dialects per largest "
                        + "magnitude, but dialects " + java.util.Arrays.toString(g) + " share " + book.maxHalfUnits(g[0])
                        + "; use the exhaustive quantizer for this formatbook");
            }
        }
        this.pairForMax = new Pair[Formatbook.MAX_HALF_UNITS + 1];
        for (int m = 0; m <= Formatbook.MAX_HALF_UNITS; m++) {
            int[] chosen = groups[groups.length - 1];
            for (int[] g : groups) {
                if (book.maxHalfUnits(g[0]) >= m) {
                    chosen = g;
                    break;
                }
            }
            pairForMax[m] = new Pair(chosen[0], chosen[chosen.length - 1]);
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
    public ElementEncoding encoding() {
        return encoding;
    }

    @Override
    public int quantize(long[] magnitudes, int ebits, int[] indexOut) {
        int[] u = OnlineScaling.quarterUnits(magnitudes, ebits);
        int umax = 0;
        for (int v : u) {
            umax = Math.max(umax, v);
        }
        Pair pair = stageOne(umax);
        int balance = 0;
        for (int v : u) {
            balance += vote(pair.a(), v);
        }
        int dialect = stageTwo(pair, balance);
        for (int i = 0; i < u.length; i++) {
            indexOut[i] = book.nearestIndex(dialect, encoding.quarters(magnitudes[i], ebits));
        }
        return dialect;
    }

    /**
     * Stage 1: the candidate dialects {A, B} from the block's largest quarter-unit value; a dialect
     * without a partner of the same largest magnitude comes as {A, A}.
     */
    public Pair stageOne(int umax) {
        return pairForMax[Math.min(book.maxOfMaxHalfUnits(), Math.max(book.minOfMaxHalfUnits(), (umax + 1) >> 1))];
    }

    /** Stage 2's vote of one element for candidate A's pair: +1 if A is strictly better at u, -1 if B is, else 0. */
    public int vote(int dialectA, int u) {
        return benefit[dialectA][u];
    }

    /** Stage 2's choice from the sum of the block's votes, {@code countA - countB}: A on a tie. */
    public static int stageTwo(Pair pair, int balance) {
        return balance >= 0 ? pair.a() : pair.b();
    }

    /** The largest number of beneficial-range boundaries (changes of the vote along u) of any pair. */
    public int rangeBoundaries() {
        int most = 0;
        for (int[] votes : benefit) {
            int changes = 0;
            for (int u = 1; u < votes.length; u++) {
                changes += votes[u] != votes[u - 1] ? 1 : 0;
            }
            most = Math.max(most, changes);
        }
        return most;
    }
}
