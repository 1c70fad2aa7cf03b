package dev.bdsim.kernel;

import java.util.Map;

/**
 * What one component instance did during a run: cycles in which it was active (clocked with its
 * enable high, or re-evaluated because an input changed) and idle, the count of each declared
 * action, and the bits that flipped on its inputs, on its outputs and in its internal state.
 */
public record Activity(String instance, String type, boolean wiring, long activeCycles, long idleCycles,
                       Map<String, Long> actions, long inputToggles, long outputToggles, long stateToggles) {
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
                inputToggles + other.inputToggles, outputToggles + other.outputToggles, stateToggles + other.stateToggles);
    }

    /** This instance's activity since {@code earlier}, a snapshot of the same run taken before. */
    public Activity minus(Activity earlier) {
        if (!instance.equals(earlier.instance) || !type.equals(earlier.type)) {
            throw new IllegalArgumentException("activity of " + earlier.instance + " (" + earlier.type + ") taken from " + instance + " (" + type + ")");
        }
        Map<String, Long> diff = new java.util.LinkedHashMap<>(actions);
        earlier.actions.forEach((k, v) -> diff.merge(k, -v, Long::sum));
        return new Activity(instance, type, wiring, activeCycles - earlier.activeCycles, idleCycles - earlier.idleCycles, diff,
                inputToggles - earlier.inputToggles, outputToggles - earlier.outputToggles, stateToggles - earlier.stateToggles);
    }

    /** Every count times {@code factor}, rounded: the activity a sample stands for. */
    public Activity scaled(double factor) {
        Map<String, Long> scaled = new java.util.LinkedHashMap<>();
        actions.forEach((k, v) -> scaled.put(k, Math.round(v * factor)));
        return new Activity(instance, type, wiring, Math.round(activeCycles * factor), Math.round(idleCycles * factor), scaled,
                Math.round(inputToggles * factor), Math.round(outputToggles * factor), Math.round(stateToggles * factor));
    }

    /** Instance by instance: {@code a} plus {@code b}, lists of the same run's instances in the same order. */
    public static java.util.List<Activity> plus(java.util.List<Activity> a, java.util.List<Activity> b) {
        java.util.List<Activity> sum = new java.util.ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            sum.add(a.get(i).plus(b.get(i)));
        }
        return sum;
    }

    /** Instance by instance: {@code later} minus {@code earlier}. */
    public static java.util.List<Activity> minus(java.util.List<Activity> later, java.util.List<Activity> earlier) {
        java.util.List<Activity> diff = new java.util.ArrayList<>(later.size());
        for (int i = 0; i < later.size(); i++) {
            diff.add(later.get(i).minus(earlier.get(i)));
        }
        return diff;
    }
}
