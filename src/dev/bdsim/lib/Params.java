package dev.bdsim.lib;

import dev.bdsim.BadInputException;
import dev.bdsim.format.ElementEncoding;
import dev.bdsim.format.Formatbook;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.TwoStageQuantizer;

import java.nio.file.Path;
import java.util.Map;

/**
 * The checked parameter values of one component instance, plus the folder of the file that
 * declared it (for parameters naming data files).
 */
public record Params(Map<String, Object> values, Path baseDir) {
    public Params {
        values = Map.copyOf(values);
    }

    public long integer(String name) {
        return (Long) values.get(name);
    }

    public int intValue(String name) {
        return Math.toIntExact(integer(name));
    }

    public boolean flag(String name) {
        return integer(name) != 0;
    }

    public String string(String name) {
        return (String) values.get(name);
    }

    /** The signal type of {@code width} and {@code signed}. */
    public SignalType type() {
        return new SignalType(intValue("width"), flag("signed"));
    }

    /** The {@code formatbook} file, or the standard one. */
    public Formatbook formatbook() {
        String file = string("formatbook");
        return file.isEmpty() ? Formatbook.standard() : Formatbook.load(baseDir.resolve(file));
    }

    /** The two-stage selector of {@link #formatbook()}; a formatbook it cannot serve is a parameter error. */
    public TwoStageQuantizer twoStage() {
        try {
            return new TwoStageQuantizer(formatbook(), ElementEncoding.EXACT);
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
