package dev.bdsim.cost;

/**
 * What a component declares to the cost model: its group and its structural cost. A component
 * without one cannot be priced, and the cost model says so instead of counting it as free.
 */
public interface CostFormula {
    Group group();

    Shape shape(TechLibrary tech);

    /** The component's logic depth, from the same structure as its shape: what timing analysis adds up along a path. */
    Levels levels();

    /** Whether an action is work the component is paid for; a bookkeeping event (a stall, an overflow) is not. */
    default boolean isWork(String action) {
        return true;
    }
}
