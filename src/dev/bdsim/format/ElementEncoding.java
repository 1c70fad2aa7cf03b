package dev.bdsim.format;

import dev.bdsim.BadInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an online quantizer encodes an element once its block's dialect is chosen (spec §4 step 4):
 * the quarter-unit value compared with the dialect's midpoints {@code h[k] + h[k+1]}.
 */
public enum ElementEncoding {
    /** Version 2 of the spec: the truncated quarter units {@code floor(|x| / 2^s * 4)}, so each element is rounded once. */
    EXACT("exact") {
        @Override
        public int quarters(long magnitude, int ebits) {
            return OnlineScaling.truncatedQuarterUnit(magnitude, ebits);
        }
    },
    /** The version-1 ablation: the rounded {@code u} that dialect selection uses, so elements are rounded twice. */
    QUARTER("quarter") {
        @Override
        public int quarters(long magnitude, int ebits) {
            return OnlineScaling.quarterUnit(magnitude, ebits);
        }
    };

    private final String id;

    ElementEncoding(String id) {
        this.id = id;
    }

    /** The name in format options ({@code dialectfp4:encode=quarter}) and the quantizer netlist's {@code ENCODE}. */
    public String id() {
        return id;
    }

    /** The quarter-unit value the element of FP16 magnitude {@code magnitude * 2^-24} is encoded from. */
    public abstract int quarters(long magnitude, int ebits);

    public static ElementEncoding named(String name) {
        for (ElementEncoding e : values()) {
            if (e.id.equals(name.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new BadInputException("encode=" + name + " is not an element encoding; choose from "
                + Arrays.stream(values()).map(ElementEncoding::id).toList());
    }
}
