package dev.bdsim.lib;

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
}
