package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.Map;

/**
 * Counts enabled clock edges from 0 to {@code max}, then wraps to 0. {@code at_max} is high
 * while the count equals {@code max}.
 */
public final class Counter extends Hardware {
    public static final Kind KIND = new Kind("Counter", Group.CONTROL, "enabled edges counted 0..max, wrapping: -> q, at_max",
            List.of(ParamSpec.integer("width", null, 1, 63, "bits of the count"),
                    ParamSpec.integer("max", -1L, -1, Long.MAX_VALUE, "last value before wrapping; -1: all ones")),
            Counter::create).withExample(Map.of("max", 5L));

    private static Counter create(String name, Params p) {
        int w = p.intValue("width");
        long max = p.integer("max") < 0 ? (1L << w) - 1 : p.integer("max");
        if (max >= 1L << w) {
            throw new IllegalArgumentException("max = " + max + " does not fit in width = " + w);
        }
        return new Counter(name, w, max);
    }

    private final Port q;
    private final Port atMax;
    private final long max;
    private long value;
    private final int increment;

    public Counter(String name, int width, long max) {
        super(name);
        this.max = max;
        q = registeredOutput("q", SignalType.unsigned(width), 1);
        atMax = registeredOutput("at_max", SignalType.BIT, 1);
        clockEnable();
        increment = action("increment");
    }

    public long max() {
        return max;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void sample() {
        value = value == max ? 0 : value + 1;
        count(increment);
    }

    @Override
    protected void reset() {
        value = 0;
    }

    @Override
    protected void commit() {
        set(q, value);
        set(atMax, value == max ? 1 : 0);
    }

    @Override
    public Levels levels() {
        // the increment and the wrap compare
        return Levels.into(Levels.add(width("q")) + 1);
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double ff = tech.resetFlipFlopGe();
        int w = width("q");
        return new Shape(w * (ff + tech.halfAdderGe()), w * tech.bitAddPj() / 2, w / 2.0, w, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        long max = max();
        int wq = width("q");
        return "  reg [" + (wq - 1) + ":0] value;\n  initial value = 0;\n"
                + "  always @(posedge clk) if (rst) value <= 0; else if (en) value <= value == " + Verilog.literal(wq, max) + " ? 0 : value + 1;\n"
                + "  assign q = value;\n  assign at_max = value == " + Verilog.literal(wq, max) + ";\n";
    }
}
