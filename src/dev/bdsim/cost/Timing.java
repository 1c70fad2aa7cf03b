package dev.bdsim.cost;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.Simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Static timing of a circuit from its components' logic depths: the longest register-to-register
 * path in levels, through the combinational parts in levelised order. A path starts at a
 * flip-flop's output (or a top-level input, taken as registered outside) and ends at a flip-flop's
 * input, after the logic a sequential component has in front of its flip-flops (or at a top-level
 * output); a pipelined component's inner stages are paths of their own. Its time is levels ×
 * {@code gate_delay_ps}, plus {@code clock_to_q_ps} when it starts at a flip-flop and
 * {@code setup_ps} when it ends at one; top-level inputs and outputs are taken as the edges of the
 * cycle, as a static timing tool sees them with zero input and output delays. Wires, fanout and
 * placement are not modelled.
 */
public final class Timing {
    /** The critical path: its time in gate delays (flip-flop times included) and in ps, the clock it allows, and the instances along it (start first). */
    public record Report(double levels, double pathPs, List<String> path) {
        /** Infinite for a circuit without any path. */
        public double maxClockHz() {
            return pathPs == 0 ? Double.POSITIVE_INFINITY : 1e12 / pathPs;
        }

        public boolean meets(double clockHz) {
            return clockHz <= maxClockHz() * (1 + 1e-12);
        }

        public String describe() {
            if (pathPs == 0) {
                return "no logic path between registers, inputs and outputs";
            }
            return String.format(Locale.ROOT, "critical path %.3f ns (%.0f gate delays, flip-flop times included; max clock %s): %s", pathPs / 1000, levels,
                    Clock.format(maxClockHz()), path.isEmpty() ? "no logic between registers" : String.join(" -> ", path));
        }
    }

    private Timing() {}

    /** {@code outputNets}: the top-level outputs, taken as registered outside. */
    public static Report analyse(Circuit circuit, int[] outputNets, TechLibrary tech) {
        return analyse(circuit, outputNets, tech, c -> false);
    }

    /** As above, the {@code excluded} components black boxes: no paths end in them, their outputs start paths. */
    public static Report analyse(Circuit circuit, int[] outputNets, TechLibrary tech, java.util.function.Predicate<Component> excluded) {
        int nets = circuit.netCount();
        double gate = tech.gateDelayPs();
        double[] arrival = new double[nets];
        for (Component c : circuit.components()) {
            if (!excluded.test(c)) {
                for (Port p : c.ports()) {
                    if (p.direction() == Port.Direction.OUT && p.timing() == Port.Timing.REGISTERED) {
                        for (int lane = 0; lane < p.lanes(); lane++) {
                            if (p.net(lane) >= 0) {
                                arrival[p.net(lane)] = tech.clockToQPs();
                            }
                        }
                    }
                }
            }
        }
        Component[] driver = new Component[nets];
        Map<Component, Integer> criticalInput = new IdentityHashMap<>();
        for (Component c : Simulator.schedule(circuit)) {
            if (excluded.test(c)) {
                continue;
            }
            Levels l = CostModel.formula(c).levels();
            int from = -1;
            double latest = 0;
            for (Port p : c.ports()) {
                if (p.isInput() && p.timing() == Port.Timing.COMBINATIONAL) {
                    for (int lane = 0; lane < p.lanes(); lane++) {
                        int n = p.net(lane);
                        if (n >= 0 && (from < 0 || arrival[n] > latest)) {
                            from = n;
                            latest = arrival[n];
                        }
                    }
                }
            }
            criticalInput.put(c, from);
            double out = latest + l.combinational() * gate;
            for (Port p : c.ports()) {
                if (p.direction() == Port.Direction.OUT && p.timing() == Port.Timing.COMBINATIONAL) {
                    for (int lane = 0; lane < p.lanes(); lane++) {
                        int n = p.net(lane);
                        if (n >= 0 && out >= arrival[n]) {
                            arrival[n] = out;
                            driver[n] = c;
                        }
                    }
                }
            }
        }
        double worst = 0;
        int endNet = -1;
        Component endComponent = null;
        for (Component c : circuit.components()) {
            if (excluded.test(c)) {
                continue;
            }
            Levels l = CostModel.formula(c).levels();
            double inner = l.internal() * gate + tech.clockToQPs() + tech.setupPs();
            if (l.internal() > 0 && inner > worst) {
                worst = inner;
                endNet = -1;
                endComponent = c;
            }
            for (Port p : c.ports()) {
                if (p.isInput() && p.timing() == Port.Timing.SAMPLED) {
                    for (int lane = 0; lane < p.lanes(); lane++) {
                        int n = p.net(lane);
                        double end = n < 0 ? 0 : arrival[n] + l.sampled() * gate + tech.setupPs();
                        if (n >= 0 && end > worst) {
                            worst = end;
                            endNet = n;
                            endComponent = c;
                        }
                    }
                }
            }
        }
        for (int n : outputNets) {
            if (n >= 0 && arrival[n] > worst) {
                worst = arrival[n];
                endNet = n;
                endComponent = null;
            }
        }
        List<String> path = new ArrayList<>();
        if (endComponent != null) {
            path.add(endComponent.name());
        }
        for (int n = endNet; n >= 0 && driver[n] != null; n = criticalInput.get(driver[n])) {
            if (CostModel.formula(driver[n]).group() != Group.WIRING) {
                path.add(driver[n].name());
            }
        }
        Collections.reverse(path);
        return new Report(worst / gate, worst, List.copyOf(path));
    }
}
