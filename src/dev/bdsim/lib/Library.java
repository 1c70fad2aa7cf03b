package dev.bdsim.lib;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The component kinds a netlist can instantiate by name. */
public final class Library {
    /** Every kind a netlist names; expressions also create Logic, Slice, Concat and Resize. */
    public static final List<Kind> STANDARD_KINDS = List.of(Register.KIND, PipeStage.KIND, Fifo.KIND, Adder.KIND, Comparator.KIND,
            Mux.KIND, Shifter.KIND, Constant.KIND, Multiplier.KIND, AdderTree.KIND, Delay.KIND, Sram.KIND, Dram.KIND, Counter.KIND, Lut.KIND,
            ElementDecoder.KIND, DialectDecoder.KIND, BlockMax.KIND, QuarterScaler.KIND, PairSelect.KIND, RangeCounter.KIND,
            MseSelect.KIND, DialectEncoder.KIND, BlockAccumulator.KIND, Abs.KIND, MxScale.KIND, IntScale.KIND, ElementEncoder.KIND, NvScale.KIND, NvEncoder.KIND,
            Fp16Arith.KIND);

    private static final Library STANDARD = new Library(STANDARD_KINDS);

    private final Map<String, Kind> kinds = new TreeMap<>();

    public Library(List<Kind> kinds) {
        for (Kind k : kinds) {
            if (k.factory() == null) {
                throw new IllegalArgumentException(k.name() + " is created by expressions only and cannot be named in a netlist");
            }
            if (this.kinds.put(k.name(), k) != null) {
                throw new IllegalArgumentException("two kinds are named " + k.name());
            }
        }
    }

    public static Library standard() {
        return STANDARD;
    }

    public Kind find(String name) {
        return kinds.get(name);
    }

    public Collection<Kind> kinds() {
        return Collections.unmodifiableCollection(kinds.values());
    }
}
