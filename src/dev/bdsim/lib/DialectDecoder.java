package dev.bdsim.lib;

import dev.bdsim.format.Formatbook;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * The DialectFP4 decoder: 4-bit codes {@code sign(1) index(3)} of one block and the block's
 * dialect give, lane by lane, the 4-bit unsigned magnitude {@code h[dialect][index]} (half units)
 * and the sign, as the formatbook defines them.
 */
public final class DialectDecoder extends Component {
    private final Port code;
    private final Port dialect;
    private final Port magnitude;
    private final Port sign;
    private final int lanes;
    private final int[] halfUnits;
    private final int decode;

    public DialectDecoder(String name, Formatbook book, int lanes) {
        super(name);
        this.lanes = lanes;
        halfUnits = new int[book.dialects() * Formatbook.MAGNITUDES];
        for (int d = 0; d < book.dialects(); d++) {
            for (int k = 0; k < Formatbook.MAGNITUDES; k++) {
                halfUnits[d * Formatbook.MAGNITUDES + k] = book.halfUnits(d, k);
            }
        }
        code = input("code", SignalType.unsigned(4), lanes);
        dialect = input("dialect", SignalType.unsigned(book.dialectBits()), 1);
        magnitude = output("magnitude", SignalType.unsigned(32 - Integer.numberOfLeadingZeros(Formatbook.MAX_HALF_UNITS)), lanes);
        sign = output("sign", SignalType.BIT, lanes);
        decode = action("decode");
    }

    /** The magnitude (half units) of index {@code k} in dialect {@code d}. */
    public int magnitude(int d, int k) {
        return halfUnits[d * Formatbook.MAGNITUDES + k];
    }

    /** Magnitude indices whose value depends on the dialect (the others decode the same in every dialect). */
    public int dialectDependentMagnitudes() {
        int dialects = halfUnits.length / Formatbook.MAGNITUDES;
        int count = 0;
        for (int k = 0; k < Formatbook.MAGNITUDES; k++) {
            for (int d = 1; d < dialects; d++) {
                if (halfUnits[d * Formatbook.MAGNITUDES + k] != halfUnits[k]) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    @Override
    public String typeName() {
        return "DialectDecoder";
    }

    @Override
    protected void evaluate() {
        int row = (int) get(dialect) * Formatbook.MAGNITUDES;
        for (int l = 0; l < lanes; l++) {
            int c = (int) get(code, l);
            set(magnitude, l, halfUnits[row + (c & 7)]);
            set(sign, l, c >> 3);
        }
        count(decode, lanes);
    }
}
