package dev.bdsim.kernel;

import java.util.List;
import java.util.stream.Collectors;

/** A cycle of combinational paths between components, found when a simulator is built. */
public final class CombinationalLoopException extends RuntimeException {
    private final List<Component> loop;

    public CombinationalLoopException(List<Component> loop) {
        super("combinational loop through " + loop.stream().map(Component::name).collect(Collectors.joining(" -> "))
                + " -> " + loop.get(0).name() + "; break it with a register");
        this.loop = List.copyOf(loop);
    }

    /** The components on the loop, each feeding the next and the last feeding the first. */
    public List<Component> loop() {
        return loop;
    }
}
