package dev.bdsim.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The Pareto front of a set of design points: least cost, most quality. */
public final class Pareto {
    private Pareto() {}

    /**
     * The items no other item dominates (another is at most as costly and at least as good, and
     * strictly better in one), sorted by cost; of equal items the first counts; items with a NaN cost or quality are ignored.
     */
    public static <T> List<T> front(List<T> items, ToDoubleFunction<T> cost, ToDoubleFunction<T> quality) {
        List<T> sorted = new ArrayList<>();
        for (T t : items) {
            if (!Double.isNaN(cost.applyAsDouble(t)) && !Double.isNaN(quality.applyAsDouble(t))) {
                sorted.add(t);
            }
        }
        sorted.sort(Comparator.comparingDouble(cost).thenComparing(Comparator.comparingDouble(quality).reversed()));
        List<T> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (T t : sorted) {
            double q = quality.applyAsDouble(t);
            if (q > best) {
                front.add(t);
                best = q;
            }
        }
        return front;
    }
}
