package dev.bdsim.lib;

import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.Formatbook;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * The online quantizer's final encoding, lane by lane: the element's quarter units {@code quarters}
 * (the truncated {@code t}, which encodes the exact scaled value once; or the rounded {@code u} of
 * the double-rounding ablation) and the sign to the 4-bit code {@code sign << 3 | index}, index =
 * the number of the block {@code dialect}'s midpoints {@code h[k] + h[k+1]} that {@code quarters}
 * reaches (ties to the larger magnitude; magnitude 0 with sign 0). In hardware: the dialect selects
 * its seven midpoints once per block, each lane compares with them (a thermometer code) and
 * encodes the count.
 */
public final class DialectEncoder extends Component {
    private final Formatbook book;
    private final Port quarters;
    private final Port sign;
    private final Port dialect;
    private final Port code;
    private final int lanes;
    private final int encode;

    public DialectEncoder(String name, Formatbook book, int lanes) {
        super(name);
        this.book = book;
        this.lanes = lanes;
        quarters = input("quarters", SignalType.unsigned(5), lanes);
        sign = input("sign", SignalType.BIT, lanes);
        dialect = input("dialect", SignalType.unsigned(book.dialectBits()), 1);
        code = output("code", SignalType.unsigned(4), lanes);
        encode = action("encode");
    }

    /** The code of an element of these quarter units and sign in dialect d. */
    public int code(int d, int quarterUnits, boolean negative) {
        return DialectFp4Format.elementCode(book, d, book.nearestIndex(d, quarterUnits), negative);
    }

    @Override
    public String typeName() {
        return "DialectEncoder";
    }

    @Override
    protected void evaluate() {
        int d = (int) get(dialect);
        for (int l = 0; l < lanes; l++) {
            set(code, l, code(d, (int) get(quarters, l), get(sign, l) != 0));
        }
        count(encode, lanes);
    }
}
