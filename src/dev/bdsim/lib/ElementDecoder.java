package dev.bdsim.lib;

import dev.bdsim.format.ElementGrid;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

/**
 * Decodes element codes of a minifloat or integer format ({@link ElementGrid}) lane by lane, in
 * units of the grid's least step: {@code value} (signed), {@code sign} and {@code magnitude}, and
 * the floating-point view {@code magnitude = significand << shift} (significand with its hidden
 * bit, shift = biased exponent - 1, or 0 for subnormals and integers). Codes outside the finite
 * grid (NaN, infinities) decode to 0 and raise {@code invalid}.
 */
public final class ElementDecoder extends Component {
    private final Port code;
    private final Port value;
    private final Port sign;
    private final Port magnitude;
    private final Port significand;
    private final Port shift;
    private final Port invalid;
    private final int lanes;
    private final long[] values;
    private final long[] significands;
    private final int[] shifts;
    private final boolean[] nonFinite;
    private final int decode;
    private final boolean integer;

    public ElementDecoder(String name, ElementGrid grid, int lanes) {
        super(name);
        this.lanes = lanes;
        this.integer = grid.twosComplement();
        int codes = 1 << grid.bits();
        values = new long[codes];
        significands = new long[codes];
        shifts = new int[codes];
        nonFinite = new boolean[codes];
        int magnitudeMask = (1 << (grid.bits() - 1)) - 1;
        int mantissaBits = grid.mantissaBits();
        for (int c = 0; c < codes; c++) {
            if (!grid.twosComplement() && (c & magnitudeMask) > grid.maxIndex()) {
                nonFinite[c] = true;
                continue;
            }
            values[c] = grid.signedUnits(c);
            long mag = Math.abs(values[c]);
            if (grid.twosComplement()) {
                significands[c] = mag;
            } else {
                int biased = (c & magnitudeMask) >> mantissaBits;
                shifts[c] = Math.max(biased - 1, 0);
                significands[c] = biased == 0 ? mag : mag >> shifts[c];
            }
        }
        long maxMagnitude = grid.twosComplement() ? 1L << (grid.bits() - 1) : grid.maxUnits();
        int maxShift = 0;
        long maxSignificand = 0;
        for (int c = 0; c < codes; c++) {
            maxShift = Math.max(maxShift, shifts[c]);
            maxSignificand = Math.max(maxSignificand, significands[c]);
        }
        code = input("code", SignalType.unsigned(grid.bits()), lanes);
        value = output("value", valueType(grid), lanes);
        sign = output("sign", SignalType.BIT, lanes);
        magnitude = output("magnitude", SignalType.unsigned(bitsFor(maxMagnitude)), lanes);
        significand = output("significand", SignalType.unsigned(bitsFor(maxSignificand)), lanes);
        shift = output("shift", SignalType.unsigned(bitsFor(maxShift)), lanes);
        invalid = output("invalid", SignalType.BIT, lanes);
        decode = action("decode");
    }

    private static int bitsFor(long max) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    }

    /** Signed, just wide enough for the largest magnitude (and -2^(bits-1) of an integer grid). */
    public static SignalType valueType(ElementGrid grid) {
        long max = grid.twosComplement() ? 1L << (grid.bits() - 1) : grid.maxUnits();
        return SignalType.signed(bitsFor(max) + 1);
    }

    /** True for two's-complement integer formats, whose codes need no decoding. */
    public boolean integer() {
        return integer;
    }

    /** What the decoder gives for a code: value, significand, shift, and whether the code is NaN/Inf. */
    public record Decoded(long value, long significand, int shift, boolean invalid) {}

    public Decoded decode(int code) {
        return new Decoded(values[code], significands[code], shifts[code], nonFinite[code]);
    }

    @Override
    public String typeName() {
        return "ElementDecoder";
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            int c = (int) get(code, l);
            long v = values[c];
            set(value, l, v);
            set(sign, l, v < 0 ? 1 : 0);
            set(magnitude, l, Math.abs(v));
            set(significand, l, significands[c]);
            set(shift, l, shifts[c]);
            set(invalid, l, nonFinite[c] ? 1 : 0);
        }
        count(decode, lanes);
    }
}
