package dev.bdsim.testutil;

import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Testbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A netlist written by a test, one string per line, elaborated into a testbench. */
public final class InlineNetlist {
    private InlineNetlist() {
    }

    public static Testbench testbench(Path dir, String... lines) throws IOException {
        Path file = dir.resolve("inline.bdn");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return new Testbench(Elaborator.elaborate(file, null, Map.of()));
    }
}
