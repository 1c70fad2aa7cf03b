package dev.bdsim.verilog;

import dev.bdsim.io.AtomicFile;
import dev.bdsim.netlist.Netlist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-checking-ready testbench: replays a stimulus file (one hexadecimal line per cycle, the
 * top inputs concatenated in declaration order, the first in the high bits) and writes every
 * output lane of every cycle to {@code outputs.csv} as {@code cycle,signal,value}, sampled like
 * the Java simulator's observers: after the inputs settle, before the clock edge; and once more
 * after the last edge.
 */
public final class Testbench {
    public static final String STIMULUS = "stimulus.hex";
    public static final String OUTPUTS = "outputs.csv";
    public static final String TESTBENCH = "testbench.v";

    private Testbench() {}

    /**
     * Simulates {@code netlist} (freshly elaborated, already exported) in Java for {@code cycles}
     * cycles of {@code stimulus}, and writes the self-checking testbench with the recorded inputs
     * and the expected outputs of every cycle; returns the testbench file.
     */
    public static Path selfChecking(Netlist netlist, String top, dev.bdsim.netlist.Stimulus stimulus, int cycles, Path dir) throws IOException {
        dev.bdsim.kernel.Simulator sim = netlist.simulator();
        PortRecorder inputs = new PortRecorder(netlist, sim);
        PortRecorder outputs = new PortRecorder(netlist, sim, netlist.outputs());
        for (int c = 0; c < cycles; c++) {
            stimulus.apply(sim, c);
            sim.tick();
        }
        outputs.finish();
        inputs.write(dir.resolve(STIMULUS));
        outputs.write(dir.resolve(EXPECTED));
        Path file = dir.resolve(TESTBENCH);
        write(file, top, netlist, cycles, true, true);
        return file;
    }

    public static final String EXPECTED = "expected.hex";

    public static void write(Path file, String top, Netlist netlist, int cycles) throws IOException {
        write(file, top, netlist, cycles, true, false);
    }

    /**
     * With {@code everyCycle} false only the state after the last edge is written (a benchmark's
     * testbench). With {@code selfCheck} the testbench also reads {@code expected.hex} (the outputs
     * of every cycle, packed like the inputs) and reports each differing signal, then PASS or FAIL.
     */
    public static void write(Path file, String top, Netlist netlist, int cycles, boolean everyCycle, boolean selfCheck) throws IOException {
        int total = 0;
        List<String> inputs = new ArrayList<>();
        StringBuilder decl = new StringBuilder();
        for (Netlist.TopPort p : netlist.inputs()) {
            total += p.type().width() * p.lanes();
            inputs.add(VerilogExporter.portName(p));
            decl.append("  reg ").append(VerilogExporter.portRange(p)).append(VerilogExporter.portName(p)).append(" = 0;\n");
        }
        StringBuilder dump = new StringBuilder();
        StringBuilder check = new StringBuilder();
        int outBits = netlist.outputs().stream().mapToInt(p -> p.type().width() * p.lanes()).sum();
        int offset = outBits;
        List<String> conns = new ArrayList<>(List.of(".clk(clk)"));
        for (Netlist.TopPort p : netlist.inputs()) {
            conns.add("." + VerilogExporter.portName(p) + "(" + VerilogExporter.portName(p) + ")");
        }
        for (Netlist.TopPort p : netlist.outputs()) {
            decl.append("  wire ").append(VerilogExporter.portRange(p)).append(VerilogExporter.portName(p)).append(";\n");
            conns.add("." + VerilogExporter.portName(p) + "(" + VerilogExporter.portName(p) + ")");
            int w = p.type().width();
            for (int l = 0; l < p.lanes(); l++) {
                String signal = p.array() ? p.name() + "[" + l + "]" : p.name();
                String bits = p.lanes() == 1 ? VerilogExporter.portName(p) : VerilogExporter.portName(p) + "[" + (l * w + w - 1) + ":" + (l * w) + "]";
                dump.append("      $fdisplay(f, \"%0d,").append(signal).append(",%0d\", cycle, ").append(bits).append(");\n");
            }
            for (int l = p.lanes() - 1; l >= 0; l--) {
                offset -= w;
                String signal = p.array() ? p.name() + "[" + l + "]" : p.name();
                String bits = p.lanes() == 1 ? VerilogExporter.portName(p) : VerilogExporter.portName(p) + "[" + (l * w + w - 1) + ":" + (l * w) + "]";
                String want = "expected[cycle][" + (offset + w - 1) + ":" + offset + "]";
                check.append("      if (").append(bits).append(" !== ").append(want).append(") begin\n")
                        .append("        $display(\"MISMATCH cycle %0d signal ").append(signal).append(": expected %0d, got %0d\", cycle, ")
                        .append(want).append(", ").append(bits).append(");\n        mismatches = mismatches + 1;\n      end\n");
            }
        }
        // a clock edge with the reset high before the replay: a gate-level netlist's flip-flops power up unknown, where the
        // Java simulator and the exported RTL start at zero, the state the reset gives
        Netlist.TopPort reset = netlist.resetPort() == null ? null : netlist.input(netlist.resetPort());
        String resetCycle = reset == null ? "" : "    " + VerilogExporter.portName(reset) + " = 1;\n    #5 clk = 1;\n    #5 clk = 0;\n";
        String v = "`timescale 1ns/1ps\n// Replays " + STIMULUS + " into " + top + " and writes " + OUTPUTS + ".\n"
                + "module testbench;\n  reg clk = 0;\n" + decl
                + "  reg [" + (total - 1) + ":0] stimulus [0:" + (cycles - 1) + "];\n  integer cycle, f, mismatches = 0;\n"
                + (selfCheck ? "  reg [" + (outBits - 1) + ":0] expected [0:" + cycles + "];\n" : "")
                + "  " + top + " dut (" + String.join(", ", conns) + ");\n"
                + "  task dump;\n    begin\n" + dump + (selfCheck ? check : "") + "    end\n  endtask\n"
                + "  initial begin\n    $readmemh(\"" + STIMULUS + "\", stimulus);\n"
                + (selfCheck ? "    $readmemh(\"" + EXPECTED + "\", expected);\n" : "")
                + "    f = $fopen(\"" + OUTPUTS + "\", \"w\");\n    $fdisplay(f, \"cycle,signal,value\");\n" + resetCycle
                + "    for (cycle = 0; cycle < " + cycles + "; cycle = cycle + 1) begin\n"
                + "      {" + String.join(", ", inputs) + "} = stimulus[cycle];\n"
                + (everyCycle ? "      #4 dump;\n      #1 clk = 1;\n" : "      #5 clk = 1;\n") + "      #5 clk = 0;\n    end\n"
                + "    cycle = " + cycles + ";\n    #4 dump;\n    $fclose(f);\n"
                + (selfCheck ? "    if (mismatches == 0) $display(\"PASS: " + (cycles + 1) + " cycles match\");\n"
                        + "    else $display(\"FAIL: %0d mismatches\", mismatches);\n" : "")
                + "    $finish;\n  end\nendmodule\n";
        AtomicFile.writeText(file, w -> w.write(v));
    }
}
