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
}
