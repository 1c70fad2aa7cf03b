package dev.bdsim.kernel;

import dev.bdsim.kernel.Port.Direction;
import dev.bdsim.kernel.Port.Timing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A clocked or combinational hardware component. Subclasses declare their ports and actions in
 * the constructor and implement the behaviour:
 * <ul>
 *   <li>{@link #evaluate()}: the combinational part; reads combinational inputs (and state),
 *   writes combinational outputs. Called when a combinational input changed, and after the
 *   component's state changed at a clock edge.</li>
 *   <li>{@link #sample()}: at the clock edge, reads inputs and computes the next state.</li>
 *   <li>{@link #commit()}: right after every component sampled, makes the next state current and
 *   writes registered outputs.</li>
 *   <li>{@link #reset()}: synchronous reset, instead of {@code sample()} when reset is high.</li>
 * </ul>
 * A component with a {@linkplain #clockEnable() clock enable} is idle on cycles where the enable is
 * low: it neither samples nor commits.
 */
public abstract class Component {
    private final String name;
    private final List<Port> ports = new ArrayList<>();
    private final List<String> actions = new ArrayList<>();
    private Port enable;
    private String origin = "";

    Simulator sim;
    long[] lo;
    long[] hi;
    int combIndex = -1;
    long[] actionCounts = new long[0];
    long stateToggles;
    long activeCycles;
    long lastActiveCycle = -1;

    protected Component(String name) {
        this.name = name;
    }

    /** The library name of this kind of component, e.g. {@code Register}. */
    public abstract String typeName();

    public final String name() {
        return name;
    }

    public final List<Port> ports() {
        return Collections.unmodifiableList(ports);
    }

    public final Port port(String portName) {
        for (Port p : ports) {
            if (p.name().equals(portName)) {
                return p;
            }
        }
        return null;
    }

    public final List<String> actions() {
        return Collections.unmodifiableList(actions);
    }

    /** Where the component was declared (e.g. {@code file:line:col}); empty for Java-built circuits. */
    public final String origin() {
        return origin;
    }

    public final void setOrigin(String origin) {
        this.origin = origin;
    }

    public final Port clockEnablePort() {
        return enable;
    }

    public final boolean isSequential() {
        for (Port p : ports) {
            if (p.timing() == Timing.REGISTERED || p.timing() == Timing.SAMPLED) {
                return true;
            }
        }
        return false;
    }

    public final boolean hasCombinationalPart() {
        for (Port p : ports) {
            if (p.direction() == Direction.OUT && p.timing() == Timing.COMBINATIONAL) {
                return true;
            }
        }
        return false;
    }

    /** True for pure wiring (slices, concatenation, casts): no logic, no energy. */
    public boolean isWiring() {
        return false;
    }

    // ---- declaration, for subclass constructors ----

    protected final Port input(String portName, SignalType type, int lanes) {
        return add(new Port(this, portName, Direction.IN, Timing.COMBINATIONAL, type, lanes, false, 0));
    }

    protected final Port sampledInput(String portName, SignalType type, int lanes) {
        return add(new Port(this, portName, Direction.IN, Timing.SAMPLED, type, lanes, false, 0));
    }

    protected final Port output(String portName, SignalType type, int lanes) {
        return add(new Port(this, portName, Direction.OUT, Timing.COMBINATIONAL, type, lanes, false, 0));
    }

    protected final Port registeredOutput(String portName, SignalType type, int lanes) {
        return add(new Port(this, portName, Direction.OUT, Timing.REGISTERED, type, lanes, false, 0));
    }

    /** Declares the optional 1-bit input {@code en}; when it is low at an edge the component is idle. */
    protected final Port clockEnable() {
        enable = add(new Port(this, "en", Direction.IN, Timing.SAMPLED, SignalType.BIT, 1, true, 1));
        return enable;
    }

    /** Declares an optional input that reads {@code defaultValue} when left unconnected. */
    protected final Port optionalInput(String portName, SignalType type, Timing timing, long defaultValue) {
        return optionalInput(portName, type, timing, defaultValue, 1);
    }

    protected final Port optionalInput(String portName, SignalType type, Timing timing, long defaultValue, int lanes) {
        return add(new Port(this, portName, Direction.IN, timing, type, lanes, true, defaultValue));
    }

    protected final int action(String actionName) {
        actions.add(actionName);
        actionCounts = new long[actions.size()];
        return actions.size() - 1;
    }

    private Port add(Port p) {
        if (port(p.name()) != null) {
            throw new IllegalArgumentException("duplicate port " + p.name() + " on " + name);
        }
        ports.add(p);
        return p;
    }

    // ---- behaviour ----

    protected void evaluate() {
    }

    protected void sample() {
    }

    protected void commit() {
    }

    protected void reset() {
    }

    // ---- the compiled engine ----

    /**
     * Writes {@link #evaluate()} as Java statements for the compiled engine, doing exactly what the
     * method does (values, actions, toggles); false, the default, has the engine call the method.
     */
    protected boolean emitEvaluate(Emitter e) {
        return false;
    }

    /** {@link #sample()} for the compiled engine, as {@link #emitEvaluate}. */
    protected boolean emitSample(Emitter e) {
        return false;
    }

    /** {@link #commit()} for the compiled engine, as {@link #emitEvaluate}. */
    protected boolean emitCommit(Emitter e) {
        return false;
    }

    // ---- signal access, for behaviour methods ----

    protected final long get(Port p) {
        return lo[p.nets[0]];
    }

    protected final long get(Port p, int lane) {
        return lo[p.nets[lane]];
    }

    /** Upper 64 bits of a lane: the sign or zero extension of a narrow lane, the high word of a wide one. */
    protected final long getHigh(Port p, int lane) {
        return hi[p.nets[lane]];
    }

    protected final void set(Port p, long value) {
        sim.write(p.nets[0], value);
    }

    protected final void set(Port p, int lane, long value) {
        sim.write(p.nets[lane], value);
    }

    protected final void setWide(Port p, int lane, long low, long high) {
        sim.writeWide(p.nets[lane], low, high);
    }

    protected final void count(int action) {
        actionCounts[action]++;
    }

    protected final void count(int action, long n) {
        actionCounts[action] += n;
    }

    /** Records bit flips of internal state that no output shows (e.g. a FIFO's storage). */
    protected final void stateToggles(long bits) {
        stateToggles += bits;
    }

    @Override
    public String toString() {
        return name + " (" + typeName() + ")";
    }
}
