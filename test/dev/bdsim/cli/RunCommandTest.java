package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bdsim.cli.CommandLineTest.assertNoStackTrace;
import static dev.bdsim.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    @TempDir
    Path dir;

    private static final String COUNTER = "rtl-models/examples/counter.bdn";
    private static final String STIMULUS = "rtl-models/examples/counter.stim";

    @Test
    void runsTheCounterFromAStimulusFile() throws IOException {
        Path csv = dir.resolve("out.csv");
        Path vcd = dir.resolve("out.vcd");
        CommandLineTest.Run r = run("run", COUNTER, "--stimulus", STIMULUS, "--cycles", "14",
                "--outputs", csv.toString(), "--vcd", vcd.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("simulated 14 cycles"), r.out());
        assertTrue(r.out().contains("count = 1"), r.out());
        // the enable is low in cycles 3 and 4, then held high by the last stimulus line
        assertTrue(r.out().matches("(?s).*\\bc +Counter +12 +2 .*increment=11.*"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("cycle,count,wrap", lines.get(0));
        assertEquals(List.of("0,0,0", "1,0,0", "2,1,0", "3,2,0", "4,2,0", "5,2,0", "6,3,0"), lines.subList(1, 8));
        assertEquals("12,9,1", lines.get(13));
        assertTrue(Files.readString(vcd).contains("$enddefinitions $end"));
    }

    @Test
    void dumpFlatPrintsTheFlattenedCircuitAndStops() {
        CommandLineTest.Run r = run("run", "rtl-models/examples/adder_tree.bdn", "--param", "LEVELS=2", "--dump", "flat");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("// rtl-models/examples/adder_tree.bdn: module adder_tree {LEVELS=2, WIDTH=8}, flattened: "), r.out());
        assertTrue(r.out().contains("in  x : s8 = n0, n1, n2, n3\n"), r.out());
        assertTrue(r.out().contains("  rest.add : Adder (rtl-models/examples/adder_tree.bdn:"), "a nested instance by its path:\n" + r.out());
        assertTrue(!r.out().contains("simulated"), "nothing is simulated");
        r = run("run", "rtl-models/examples/adder_tree.bdn", "--param", "LEVELS=2", "--dump", "schedule");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(", schedule: ") && r.out().contains("add : Adder") && r.out().contains("sequential: "), r.out());
        r = run("run", COUNTER, "--dump", "levels");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dump levels: the stages that can be printed are flat"), r.err());
    }

    @Test
    void outputIsIdenticalFromRunToRun() throws IOException {
        Path a = dir.resolve("a.vcd");
        Path b = dir.resolve("b.vcd");
        run("run", "rtl-models/bench/lanes32.bdn", "--cycles", "20", "--vcd", a.toString());
        run("run", "rtl-models/bench/lanes32.bdn", "--cycles", "20", "--vcd", b.toString());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    /** --vcd-all adds every component's outputs under its instance, generated gates included; the named signals stay as they were. */
    @Test
    void vcdAllHasEveryComponentOutput() throws IOException {
        Path named = dir.resolve("named.vcd");
        Path all = dir.resolve("all.vcd");
        assertEquals(0, run("run", "rtl-models/examples/adder_tree.bdn", "--param", "LEVELS=3", "--cycles", "5", "--vcd", named.toString()).code());
        CommandLineTest.Run r = run("run", "rtl-models/examples/adder_tree.bdn", "--param", "LEVELS=3", "--cycles", "5", "--vcd", all.toString(),
                "--vcd-all");
        assertEquals(0, r.code(), r.err());
        String a = Files.readString(all);
        String n = Files.readString(named);
        assertTrue(a.split("\\$var", -1).length > n.split("\\$var", -1).length, "more signals with --vcd-all");
        assertTrue(a.contains("$scope module rest $end") && a.contains("$scope module reg $end"), "a scope per instance path");
        for (String v : n.lines().filter(l -> l.startsWith("$var")).toList()) {
            assertTrue(a.contains(v), "named signal kept: " + v);
        }

        CommandLineTest.Run bad = run("run", "rtl-models/examples/adder_tree.bdn", "--vcd-all");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--vcd-all adds signals to a waveform: give the file with --vcd FILE"), bad.err());
    }

    @Test
    void parameterOverrideChangesTheCircuit() {
        CommandLineTest.Run r = run("run", "rtl-models/examples/adder_tree.bdn", "--param", "LEVELS=5", "--cycles", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LEVELS=5"), r.out());
        assertTrue(r.out().contains("rest.rest.rest.rest.reg"), "five levels of registers: " + r.out());
    }

    @Test
    void netlistErrorsAreOneLocatedLineAndExitCode2() throws IOException {
        Path bad = dir.resolve("bad.bdn");
        Files.writeString(bad, "module m {\n  out y : u8\n  z -> y\n}\n");
        CommandLineTest.Run r = run("run", bad.toString());
        assertEquals(2, r.code());
        assertEquals("sim: error: " + bad + ":3:3: unknown name z\n", r.err());
        assertNoStackTrace(r);
    }

    /** A lane array in the header at once: x[*] is every lane, x[1..2] a range, a column each. */
    @Test
    void stimulusBusesExpandToTheirLanes() throws IOException {
        Path netlist = Files.writeString(dir.resolve("bus.bdn"), "module bus {\n  in x : u4[4]\n  in k : u4\n  out y : u4\n"
                + "  x[2] + x[1] -> y\n}\n".replace("x[2] + x[1] -> y", "trunc(x[2] + x[1], 4) -> y"));
        Path stim = Files.writeString(dir.resolve("bus.stim"), "k x[*]\n0 1 2 3 4\n");
        CommandLineTest.Run r = run("run", netlist.toString(), "--stimulus", stim.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("y = 5"), "x[1] = 2, x[2] = 3: " + r.out());
        Files.writeString(stim, "x[1..2] k\n7 8 0\n");
        r = run("run", netlist.toString(), "--stimulus", stim.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("y = 15"), r.out());
        Files.writeString(stim, "x[1..9]\n1\n");
        r = run("run", netlist.toString(), "--stimulus", stim.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(stim + ":1:1: x has lanes 0..3; 'x[1..9]' is not a range of them (low..high)"), r.err());
        Files.writeString(stim, "x\n1\n");
        r = run("run", netlist.toString(), "--stimulus", stim.toString());
        assertTrue(r.err().contains("x has 4 lanes; name each, x[0] .. x[3], or all at once as x[*]"), r.err());
    }

    @Test
    void stimulusErrorsNameTheFileAndPlace() throws IOException {
        Path stim = dir.resolve("bad.stim");
        Files.writeString(stim, "en\n1\n2\n");
        CommandLineTest.Run r = run("run", COUNTER, "--stimulus", stim.toString());
        assertEquals(2, r.code());
        assertEquals("sim: error: " + stim + ":3:1: value '2' does not fit u1\n", r.err());

        Files.writeString(stim, "count\n1\n");
        r = run("run", COUNTER, "--stimulus", stim.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(stim + ":1:1: count is an output of counter; inputs: rst, en"), r.err());
    }

    @Test
    void failedRunLeavesEarlierResultsIntact() throws IOException {
        Path csv = dir.resolve("keep.csv");
        Files.writeString(csv, "earlier results\n");
        Path bad = dir.resolve("bad.bdn");
        Files.writeString(bad, "module m {\n");
        CommandLineTest.Run r = run("run", bad.toString(), "--outputs", csv.toString());
        assertEquals(2, r.code());
        assertEquals("earlier results\n", Files.readString(csv));
        assertFalse(Files.exists(dir.resolve("keep.csv.tmp")));
    }

    @Test
    void missingNetlistFile() {
        CommandLineTest.Run r = run("run", "no/such.bdn");
        assertEquals(2, r.code());
        assertEquals("sim: error: netlist file not found: no/such.bdn\n", r.err());
    }
}
