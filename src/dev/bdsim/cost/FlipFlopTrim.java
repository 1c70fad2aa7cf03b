package dev.bdsim.cost;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flip-flops of each register and delay line that synthesis keeps: not those that hold a constant (a constant input
 * and the same reset value), nor those nobody reads, nor copies of another of the same component (the same input bit,
 * as a sign extension repeats its sign, or as an adder's top bits repeat its sign: {@link SignCopies}). Every bit is
 * traced through the wiring between components to the component output or top input it comes from (an output bit that
 * repeats the one below it, from that bit), and every bit that a component, a top output or a kept flip-flop reads is
 * live.
 *
 * <p>It also finds the kept flip-flops whose synchronous reset costs no gate of its own: those whose input comes from
 * logic (a component that is neither wiring nor a register), where the reset is one more input of the gate that drives
 * the flip-flop (on osu018 a 13-bit adder into a register maps to 3 534 um^2, the two apart to 3 991). A flip-flop fed by a
 * top input or by another flip-flop keeps its gate. A delay line's first stage only is fed by its input.
 */
public final class FlipFlopTrim {
    /** No trimming: every declared flip-flop is kept. */
    public static final FlipFlopTrim NONE = new FlipFlopTrim(new IdentityHashMap<>());

    /** The flip-flops kept in each stage of a component, those declared, and those kept whose reset gate is absorbed. */
    private record Kept(long kept, long declared, long absorbedResets) {}

    private final Map<Component, Kept> kept;

    private FlipFlopTrim(Map<Component, Kept> kept) {
        this.kept = kept;
    }

    /** The trim of a circuit whose top outputs are {@code outputNets}. */
    static FlipFlopTrim of(Circuit circuit, NetDrivers nets, int[] outputNets) {
        return new Analysis(circuit, nets).trim(outputNets);
    }

    /** The flip-flops of {@code c} that synthesis keeps, per stage. */
    public long keptBits(Component c) {
        Kept k = kept.get(c);
        return k == null ? -1 : k.kept();
    }

    /** The kept flip-flops of {@code c} fed by logic, whose reset gate that logic absorbs (-1 when not traced). */
    public long absorbedResets(Component c) {
        Kept k = kept.get(c);
        return k == null ? -1 : k.absorbedResets();
    }

    /**
     * {@code s}, the shape of {@code c}, with only the flip-flops that are kept (their area and their clock), less the
     * reset gates ({@link TechLibrary#andGe()} each) that the logic feeding them absorbs.
     */
    public Shape apply(Component c, Shape s, TechLibrary tech) {
        Kept k = kept.get(c);
        if (k == null || (k.kept() == k.declared() && k.absorbedResets() == 0)) {
            return s;
        }
        return new Shape(s.areaGe() * k.kept() / k.declared() - k.absorbedResets() * tech.andGe(), s.actionPj(), s.switching(),
                s.registerBits() / k.declared() * k.kept(), s.accessPj());
    }

    /** Where a bit comes from. */
    private record Constant(int value) {}

    /** A bit of a top input or of a component's output that is not wiring or a register. */
    private record Source(int net, int bit) {}

    /** The flip-flop of a register holding a bit that comes from {@code input}. */
    private record Flop(Component owner, Object input, int reset) {}

    private static final class Analysis {
        private final Circuit circuit;
        private final NetDrivers nets;
        private final Map<Long, Object> roots = new HashMap<>();
        private final Set<Long> visiting = new HashSet<>();
        private final Set<Long> live = new HashSet<>();
        private final ArrayDeque<Long> work = new ArrayDeque<>();

        Analysis(Circuit circuit, NetDrivers nets) {
            this.circuit = circuit;
            this.nets = nets;
        }

        FlipFlopTrim trim(int[] outputNets) {
            for (int net : outputNets) {
                markAll(net);
            }
            for (Component c : circuit.components()) {
                if (c instanceof BitRouting) {
                    continue;
                }
                List<Port> registered = c instanceof BitRegisters r
                        ? c.ports().stream().filter(p -> !p.isInput()).map(r::registered).toList() : List.of();
                for (Port p : c.ports()) {
                    if (p.isInput() && !registered.contains(p)) {
                        for (int lane = 0; lane < p.lanes(); lane++) {
                            markAll(p.net(lane));
                        }
                    }
                }
            }
            while (!work.isEmpty()) {
                long key = work.pop();
                int net = (int) (key >>> 8);
                int bit = (int) (key & 0xff);
                Port out = nets.driver(net);
                if (out == null) {
                    continue;
                }
                int lane = nets.driverLane(net);
                if (out.owner() instanceof BitRouting w) {
                    BitRouting.RoutedBit s = w.source(out, lane, bit);
                    if (!s.isConstant()) {
                        mark(s.port().net(s.lane()), s.bit());
                    }
                } else if (out.owner() instanceof BitRegisters r) {
                    mark(r.registered(out).net(lane), bit);
                }
            }
            Map<Component, Kept> kept = new IdentityHashMap<>();
            for (Component c : circuit.components()) {
                if (c instanceof BitRegisters) {
                    Set<Object> flops = new HashSet<>();
                    Set<Object> fedByLogic = new HashSet<>();
                    long declared = 0;
                    for (Port q : c.ports()) {
                        if (q.isInput()) {
                            continue;
                        }
                        int width = q.type().width();
                        declared += (long) width * q.lanes();
                        for (int lane = 0; lane < q.lanes(); lane++) {
                            int net = q.net(lane);
                            for (int bit = 0; net >= 0 && bit < width; bit++) {
                                Object root = live.contains(key(net, bit)) ? root(net, bit) : null;
                                if (root != null && !(root instanceof Constant)) {
                                    flops.add(root);
                                    if (root instanceof Flop f && f.input() instanceof Source in && fromLogic(in)) {
                                        fedByLogic.add(root);
                                    }
                                }
                            }
                        }
                    }
                    kept.put(c, new Kept(flops.size(), declared, fedByLogic.size()));
                }
            }
            return new FlipFlopTrim(kept);
        }

        /** Whether a bit comes from a component's combinational output: not a top input, not a flip-flop, not wiring. */
        private boolean fromLogic(Source s) {
            Port out = nets.driver(s.net());
            return out != null && out.timing() == Port.Timing.COMBINATIONAL && !(out.owner() instanceof BitRouting)
                    && !(out.owner() instanceof BitRegisters);
        }

        private static long key(int net, int bit) {
            return ((long) net << 8) | bit;
        }

        private void markAll(int net) {
            for (int bit = 0; net >= 0 && bit < circuit.netType(net).width(); bit++) {
                mark(net, bit);
            }
        }

        /** The bit of {@code net} that {@code bit} reads: itself, above the width a signed net's sign bit, or -1 (a constant 0). */
        private int extended(int net, int bit) {
            SignalType t = circuit.netType(net);
            return bit < t.width() ? bit : t.signed() ? t.width() - 1 : -1;
        }

        /** Marks a bit live. */
        private void mark(int net, int bit) {
            if (net < 0 || (bit = extended(net, bit)) < 0) {
                return;
            }
            if (live.add(key(net, bit))) {
                work.push(key(net, bit));
            }
        }

        private Object root(int net, int bit) {
            if ((bit = extended(net, bit)) < 0) {
                return new Constant(0);
            }
            long key = key(net, bit);
            Object known = roots.get(key);
            if (known != null) {
                return known;
            }
            if (!visiting.add(key)) {
                return new Source(net, bit); // a loop through registers and wiring: a bit of its own
            }
            Port out = nets.driver(net);
            int lane = nets.driverLane(net);
            Object root;
            if (out == null) {
                root = new Source(net, bit);
            } else if (out.owner() instanceof BitRouting w) {
                BitRouting.RoutedBit s = w.source(out, lane, bit);
                root = s.isConstant() ? new Constant(s.constant()) : s.port().net(s.lane()) < 0 ? new Source(net, bit)
                        : root(s.port().net(s.lane()), s.bit());
            } else if (out.owner() instanceof BitRegisters r) {
                int d = r.registered(out).net(lane);
                Object input = d < 0 ? new Source(net, bit) : root(d, bit);
                int reset = r.resetBit(bit);
                root = input.equals(new Constant(reset)) ? input : new Flop(out.owner(), input, reset);
            } else if (out.owner() instanceof SignCopies c && bit >= c.significantBits(out)) {
                root = root(net, c.significantBits(out) - 1);
            } else {
                root = new Source(net, bit);
            }
            visiting.remove(key);
            roots.put(key, root);
            return root;
        }
    }
}
