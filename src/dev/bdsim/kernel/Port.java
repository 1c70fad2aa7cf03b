package dev.bdsim.kernel;

/**
 * One port of a component: a name, a direction, a type and a number of lanes (a vectorised
 * component has ports of many lanes). {@link #nets()} holds the net of every lane once bound.
 *
 * <p>Timing tells the kernel what depends on what: a {@code COMBINATIONAL} input is read by
 * {@link Component#evaluate()}, so a change re-evaluates the component; a {@code SAMPLED} input
 * is read only at the clock edge. A {@code COMBINATIONAL} output is written by {@code evaluate()},
 * a {@code REGISTERED} one by {@link Component#commit()}.
 */
public final class Port {
    public enum Direction { IN, OUT }

    public enum Timing { COMBINATIONAL, SAMPLED, REGISTERED }

    private final Component owner;
    private final String name;
    private final Direction direction;
    private final Timing timing;
    private final SignalType type;
    private final int lanes;
    private final boolean optional;
    private final long defaultValue;
    final int[] nets;

    Port(Component owner, String name, Direction direction, Timing timing, SignalType type, int lanes,
         boolean optional, long defaultValue) {
        if (lanes < 1) {
            throw new IllegalArgumentException("port " + name + " needs at least one lane, got " + lanes);
        }
        this.owner = owner;
        this.name = name;
        this.direction = direction;
        this.timing = timing;
        this.type = type;
        this.lanes = lanes;
        this.optional = optional;
        this.defaultValue = defaultValue;
        this.nets = new int[lanes];
        java.util.Arrays.fill(nets, -1);
    }

    public Component owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public Direction direction() {
        return direction;
    }

    public Timing timing() {
        return timing;
    }

    public SignalType type() {
        return type;
    }

    public int lanes() {
        return lanes;
    }

    /** An optional input left unconnected reads {@link #defaultValue()}. */
    public boolean optional() {
        return optional;
    }

    public long defaultValue() {
        return defaultValue;
    }

    public boolean isInput() {
        return direction == Direction.IN;
    }

    /** The net of one lane, or -1 while unbound. */
    public int net(int lane) {
        return nets[lane];
    }

    @Override
    public String toString() {
        return owner.name() + "." + name;
    }
}
