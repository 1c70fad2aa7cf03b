package dev.bdsim.synth;

import dev.bdsim.io.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static timing of a mapped gate netlist with OpenSTA ({@code sta}, Debian's {@code opensta}): the
 * worst register-to-register (or input-to-output) path against an ideal clock on {@code clk},
 * inputs and outputs taken as registered outside, the cells' delays and setup times from the
 * Liberty tables, wires not modelled (no parasitics), as in the model's timing.
 */
public final class StaticTiming {
    private static final double PERIOD_NS = 1000;
    private static final Pattern SLACK = Pattern.compile("(-?[0-9.]+)\\s+slack \\((?:MET|VIOLATED)\\)");
    private static final Pattern CLOCK_PORT = Pattern.compile("\\binput\\s+clk\\s*;");

    private StaticTiming() {}

    public static boolean available() {
        return Processes.onPath("sta");
    }

    /** The critical path (ps) of {@code top} in the mapped netlist {@code mapped}: clock-to-Q, logic and setup. */
    public static double criticalPathPs(Path mapped, String top, Path liberty) throws IOException, InterruptedException {
        boolean clocked = CLOCK_PORT.matcher(Files.readString(mapped)).find();
        String script = String.join("\n",
                "read_liberty " + liberty.toAbsolutePath(),
                "read_verilog " + mapped.getFileName(),
                "link_design " + top,
                clocked ? "create_clock -name clk -period " + PERIOD_NS + " [get_ports clk]" : "create_clock -name clk -period " + PERIOD_NS,
                "set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports -quiet clk]]",
                "set_output_delay 0 -clock clk [all_outputs]",
                "report_checks -path_delay max -digits 4",
                "exit", "");
        Path tcl = mapped.resolveSibling("timing.tcl");
        Files.writeString(tcl, script);
        String out = Processes.exec(mapped.getParent(), List.of("sta", "-no_splash", "-exit", tcl.getFileName().toString()));
        Files.writeString(mapped.resolveSibling("timing.txt"), out);
        Matcher m = SLACK.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no slack in OpenSTA's report " + mapped.resolveSibling("timing.txt"));
        }
        return (PERIOD_NS - Double.parseDouble(m.group(1))) * 1000;
    }
}
