package dev.bdsim.cost;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;

import java.util.ArrayList;
import java.util.List;

/** Who drives and who reads every net of a circuit: what the analyses across component boundaries trace. */
final class NetDrivers {
    private final Port[] driver;
    private final int[] driverLane;
    private final List<List<Port>> readers;

    NetDrivers(Circuit circuit) {
        int nets = circuit.netCount();
        driver = new Port[nets];
        driverLane = new int[nets];
        readers = new ArrayList<>(nets);
        for (int n = 0; n < nets; n++) {
            readers.add(new ArrayList<>(1));
        }
        for (Component c : circuit.components()) {
            for (Port p : c.ports()) {
                for (int lane = 0; lane < p.lanes(); lane++) {
                    int net = p.net(lane);
                    if (net < 0) {
                        continue;
                    }
                    if (p.isInput()) {
                        readers.get(net).add(p);
                    } else {
                        driver[net] = p;
                        driverLane[net] = lane;
                    }
                }
            }
        }
    }

    /** The output driving {@code net}, or null (a top input). */
    Port driver(int net) {
        return driver[net];
    }

    /** The lane of {@link #driver} that drives {@code net}. */
    int driverLane(int net) {
        return driverLane[net];
    }

    /** The inputs reading {@code net}, one entry per lane read. */
    List<Port> readers(int net) {
        return readers.get(net);
    }
}
