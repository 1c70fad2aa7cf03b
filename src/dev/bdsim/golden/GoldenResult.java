package dev.bdsim.golden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run of a golden case produced: the SHA-256 of every input it read (trace, weights,
 * netlist and imports, formatbooks, technology library), scalar metrics, per-component cost lines, and the output
 * stream as change events {@code cycle,signal,value} (a signal is listed in a cycle when its value
 * differs from the previous cycle's, and in cycle 0). A long stream is kept as its first
 * {@link #PREFIX_EVENTS} events plus the count and sha256 of all of them.
 */
public record GoldenResult(GoldenCase goldenCase, Map<String, String> inputs, Map<String, String> metrics, List<ComponentLine> components,
                           List<Event> events, long totalEvents, String eventsSha256) {
    public static final int PREFIX_EVENTS = 5000;

    public GoldenResult {
        inputs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inputs));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        components = List.copyOf(components);
        events = List.copyOf(events);
    }

    /** A result that records no inputs (an RTL simulator's output stream). */
    public GoldenResult(GoldenCase goldenCase, Map<String, String> metrics, List<ComponentLine> components, List<Event> events,
                        long totalEvents, String eventsSha256) {
        this(goldenCase, Map.of(), metrics, components, events, totalEvents, eventsSha256);
    }

    public GoldenResult withInputs(Map<String, String> read) {
        return new GoldenResult(goldenCase, read, metrics, components, events, totalEvents, eventsSha256);
    }

    /** One output change: in {@code cycle}, {@code signal} (a port, or {@code port[lane]}) took {@code value}. */
    public record Event(long cycle, String signal, java.math.BigInteger value) {
        public String line() {
            return cycle + "," + signal + "," + value;
        }
    }

    /** One component's cost; numbers as text, exactly as written. */
    public record ComponentLine(String instance, String type, String areaGe, String energyPj, long toggles, long actions) {}
}
