package dev.bdsim.cli;

import dev.bdsim.cost.TechLibrary;
import picocli.CommandLine.Option;

/** The cost-model options every command that reports energy shares. */
final class CostOptions {
    @Option(names = "--tech", paramLabel = "LIB", description = "Technology library, name or .tech file (default: ${DEFAULT-VALUE})")
    String tech = "45nm";

    @Option(names = "--clock", paramLabel = "FREQ", description = "Clock frequency, e.g. 500MHz or 1.2GHz (default: ${DEFAULT-VALUE})")
    String clock = "500MHz";

    @Option(names = "--breakdown", description = "List the cost of every component")
    boolean breakdown;

    TechLibrary library() {
        return TechLibrary.named(tech);
    }

    double clockHz() {
        return dev.bdsim.cost.Clock.parse(clock);
    }
}
