package dev.bdsim.kernel;

import java.util.Map;

/**
 * What one component instance did during a run: cycles in which it was active (clocked with its
 * enable high, or re-evaluated because an input changed) and idle, the count of each declared
 * action, and the bits that flipped on its outputs and in its internal state.
 */
public record Activity(String instance, String type, boolean wiring, long activeCycles, long idleCycles,
                       Map<String, Long> actions, long outputToggles, long stateToggles) {
    public long action(String name) {
        return actions.getOrDefault(name, 0L);
    }

    /** This instance's activity over two runs: {@code other} is the same instance's in another run. */
    public Activity plus(Activity other) {
        if (!instance.equals(other.instance) || !type.equals(other.type)) {
            throw new IllegalArgumentException("activity of " + other.instance + " (" + other.type + ") added to " + instance + " (" + type + ")");
        }
        Map<String, Long> sum = new java.util.LinkedHashMap<>(actions);
        other.actions.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new Activity(instance, type, wiring, activeCycles + other.activeCycles, idleCycles + other.idleCycles, sum,
                outputToggles + other.outputToggles, stateToggles + other.stateToggles);
    }
}
