package dev.bdsim.netlist;

import dev.bdsim.kernel.Simulator;
import dev.bdsim.kernel.VcdWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks waveforms with GTKWave's own tools: {@code vcd2fst} converts our VCD to FST and
 * {@code fst2vcd} converts it back; every signal of every cycle read from that output must equal
 * what the simulator computed. Without the tools the test is skipped, unless
 * {@code BDSIM_REQUIRE_TOOLS=1} (as in CI), where it fails.
 */
class VcdGtkwaveTest {
    @TempDir
    Path dir;

    @Test
    void counterWaveformSurvivesGtkwaveRoundTrip() throws Exception {
        Netlist n = Elaborator.elaborate(NetlistCircuitsTest.EXAMPLES.resolve("counter.bdn"), null, Map.of());
        Stimulus stim = Stimulus.load(NetlistCircuitsTest.EXAMPLES.resolve("counter.stim"), n);
        roundTrip(n, 14, (sim, cycle) -> stim.apply(sim, cycle));
    }

    @Test
    void hierarchicalAdderTreeWaveformSurvivesGtkwaveRoundTrip() throws Exception {
        Netlist n = Elaborator.elaborate(NetlistCircuitsTest.EXAMPLES.resolve("adder_tree.bdn"), null, Map.of("LEVELS", "3"));
        Random rnd = new Random(3);
        Netlist.TopPort x = n.input("x");
        roundTrip(n, 12, (sim, cycle) -> {
            for (int net : x.nets()) {
                sim.set(net, rnd.nextInt(256) - 128);
            }
        });
    }

    private interface Driver {
        void drive(Simulator sim, long cycle);
    }

    private void roundTrip(Netlist n, int cycles, Driver driver) throws Exception {
        Path vcd = dir.resolve("run.vcd");
        Simulator sim = n.simulator();
        List<VcdWriter.Signal> signals = n.probes().stream().map(p -> new VcdWriter.Signal(p.scope(), p.name(), p.net())).toList();
        List<Map<String, String>> expected = new ArrayList<>();
        try (Writer w = Files.newBufferedWriter(vcd)) {
            VcdWriter writer = new VcdWriter(w, sim, signals, n.top());
            sim.addObserver(writer);
            sim.addObserver((s, cycle) -> expected.add(snapshot(s, n)));
            for (int c = 0; c < cycles; c++) {
                driver.drive(sim, c);
                sim.tick();
            }
            writer.finish(sim);
        }
        Path fst = dir.resolve("run.fst");
        Path back = dir.resolve("back.vcd");
        if (!tool("vcd2fst", "-v", vcd.toString(), "-f", fst.toString()) || !tool("fst2vcd", "-f", fst.toString(), "-o", back.toString())) {
            return;
        }
        Map<Long, Map<String, String>> parsed = parseVcd(Files.readAllLines(back));
        for (int c = 0; c < cycles; c++) {
            Map<String, String> atCycle = parsed.get(10L * c);
            assertTrue(atCycle != null, "no values at time " + 10L * c);
            for (Map.Entry<String, String> e : expected.get(c).entrySet()) {
                assertEquals(e.getValue(), atCycle.get(e.getKey()), "signal " + e.getKey() + " in cycle " + c);
            }
            assertEquals("0", atCycle.get(n.top() + ".clk"), "clock low at the start of cycle " + c);
            assertEquals("1", parsed.get(10L * c + 5).get(n.top() + ".clk"), "rising edge in cycle " + c);
        }
    }

    /** Every probe's bits as a binary string without leading zeros, keyed by scope.name as GTKWave shows it. */
    private static Map<String, String> snapshot(Simulator sim, Netlist n) {
        Map<String, String> values = new HashMap<>();
        for (Netlist.Probe p : n.probes()) {
            int width = n.circuit().netType(p.net()).width();
            StringBuilder bits = new StringBuilder();
            for (int b = width - 1; b >= 0; b--) {
                long word = b >= 64 ? sim.bitsHigh(p.net()) : sim.bitsLow(p.net());
                bits.append((word >>> (b & 63)) & 1);
            }
            String name = String.join(".", p.scope()).replace('[', '_').replace("]", "") + "." + p.name().replace('[', '_').replace("]", "");
            values.put(name, trim(bits.toString()));
        }
        return values;
    }

    private static String trim(String bits) {
        String t = bits.replaceFirst("^0+(?=.)", "");
        return t;
    }

    private static Map<Long, Map<String, String>> parseVcd(List<String> lines) {
        Map<String, List<String>> namesOfId = new HashMap<>();
        Deque<String> scope = new ArrayDeque<>();
        Map<Long, Map<String, String>> byTime = new HashMap<>();
        Map<String, String> current = new HashMap<>();
        long time = -1;
        boolean definitions = true;
        for (String raw : lines) {
            String line = raw.trim();
            if (definitions) {
                String[] t = line.split("\\s+");
                if (line.startsWith("$scope")) {
                    scope.addLast(t[2]);
                } else if (line.startsWith("$upscope")) {
                    scope.removeLast();
                } else if (line.startsWith("$var")) {
                    namesOfId.computeIfAbsent(t[3], k -> new ArrayList<>()).add(String.join(".", scope) + "." + t[4]);
                } else if (line.startsWith("$enddefinitions")) {
                    definitions = false;
                }
                continue;
            }
            if (line.startsWith("#")) {
                if (time >= 0) {
                    byTime.put(time, new HashMap<>(current));
                }
                time = Long.parseLong(line.substring(1));
            } else if (line.startsWith("b")) {
                String[] t = line.split("\\s+");
                for (String name : namesOfId.get(t[1])) {
                    current.put(name, trim(t[0].substring(1)));
                }
            } else if (!line.isEmpty() && (line.charAt(0) == '0' || line.charAt(0) == '1')) {
                for (String name : namesOfId.get(line.substring(1))) {
                    current.put(name, line.substring(0, 1));
                }
            }
        }
        byTime.put(time, new HashMap<>(current));
        return byTime;
    }

    private static boolean tool(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            dev.bdsim.testutil.RequiredTool.require(false, command[0] + " not installed (Debian package gtkwave)");
            return false;
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " did not finish");
        assertEquals(0, p.exitValue(), command[0] + " failed: " + output);
        return true;
    }
}
