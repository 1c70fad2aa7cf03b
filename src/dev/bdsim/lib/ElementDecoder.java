package dev.bdsim.lib;

import dev.bdsim.format.ElementGrid;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Decodes element codes of a minifloat or integer format ({@link ElementGrid}) to signed integers
 * in units of the grid's least step, lane by lane: {@code value = signedUnits(code)}. Codes
 * outside the finite grid (NaN, infinities) give 0 and raise {@code invalid}.
 */
public final class ElementDecoder extends Component {
    private final Port code;
    private final Port value;
    private final Port invalid;
    private final int lanes;
    private final long[] table;
    private final boolean[] nonFinite;
    private final int decode;

    public ElementDecoder(String name, ElementGrid grid, int lanes) {
        super(name);
        this.lanes = lanes;
        int codes = 1 << grid.bits();
        table = new long[codes];
        nonFinite = new boolean[codes];
        int magnitudeMask = (1 << (grid.bits() - 1)) - 1;
        for (int c = 0; c < codes; c++) {
            if (!grid.twosComplement() && (c & magnitudeMask) > grid.maxIndex()) {
                nonFinite[c] = true;
            } else {
                table[c] = grid.signedUnits(c);
            }
        }
        code = input("code", SignalType.unsigned(grid.bits()), lanes);
        value = output("value", valueType(grid), lanes);
        invalid = output("invalid", SignalType.BIT, lanes);
        decode = action("decode");
    }

    /** Signed, just wide enough for the largest magnitude (and -2^(bits-1) of an integer grid). */
    public static SignalType valueType(ElementGrid grid) {
        long max = grid.twosComplement() ? 1L << (grid.bits() - 1) : grid.maxUnits();
        return SignalType.signed(64 - Long.numberOfLeadingZeros(max) + 1);
    }

    @Override
    public String typeName() {
        return "ElementDecoder";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            int c = (int) get(code, l);
            set(value, l, table[c]);
            set(invalid, l, nonFinite[c] ? 1 : 0);
        }
        count(decode, lanes);
    }
}
