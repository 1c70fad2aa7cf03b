package dev.bdsim.cost;

import java.util.Locale;

/** Clock frequencies as users write them. */
public final class Clock {
    private Clock() {}

    /** A frequency as the tables print it: {@code 500.0 MHz}, {@code 1.20 GHz}. */
    public static String format(double hz) {
        return hz >= 1e9 ? String.format(Locale.ROOT, "%.3g GHz", hz / 1e9) : String.format(Locale.ROOT, "%.4g MHz", hz / 1e6);
    }

    /** Parses a clock frequency with its unit: 500MHz, 1.2GHz, 250e6Hz; a bare number is refused (500 is not 500 Hz by accident). */
    public static double parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.endsWith("hz")) {
            throw new dev.bdsim.BadInputException("--clock " + dev.bdsim.io.InputFiles.excerpt(text)
                    + " has no unit; write e.g. 500MHz, 1.2GHz or 250e6Hz");
        }
        double scale = 1;
        if (t.endsWith("ghz")) {
            scale = 1e9;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("mhz")) {
            scale = 1e6;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("khz")) {
            scale = 1e3;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("hz")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            double hz = Double.parseDouble(t.strip()) * scale;
            if (hz >= 1e3 && hz <= 1e12) {
                return hz;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.bdsim.BadInputException("--clock " + dev.bdsim.io.InputFiles.excerpt(text) + " is not a frequency from 1 kHz to 1 THz; write e.g. 500MHz, 1.2GHz or 250e6");
    }
}
