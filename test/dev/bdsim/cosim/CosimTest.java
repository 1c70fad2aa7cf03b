package dev.bdsim.cosim;

import dev.bdsim.cosim.Cosim;
import dev.bdsim.golden.Golden;
import dev.bdsim.golden.GoldenCase;
import dev.bdsim.golden.GoldenFile;
import dev.bdsim.io.Processes;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Stimulus;
import dev.bdsim.verilog.Testbench;
import dev.bdsim.verilog.VerilogExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The exported Verilog, run by Icarus Verilog on the Java run's input stream, gives the same
 * output stream cycle by cycle. Needs iverilog (Debian package iverilog): skipped without it,
 * except under {@code BDSIM_REQUIRE_TOOLS=1} (as in CI), where it fails.
 */
class CosimTest {
    private static void require(Cosim.Tool tool) {
        dev.bdsim.testutil.RequiredTool.require(tool.available(), tool.missing());
    }

    /** Every datapath netlist and both quantizer selectors, on slices of shipped real traces. */
    @Test
    void everyStandardCaseAgreesCycleByCycleWithIcarusVerilog(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        List<Path> files = Golden.files(Path.of("traces", "golden"));
        assertEquals(GoldenCase.standard().size(), files.size());
        for (Path file : files) {
            GoldenCase c = GoldenFile.read(file).goldenCase();
            Cosim.Result r = Cosim.run(c, Path.of(""), dir.resolve(c.name()), Cosim.Tool.ICARUS);
            assertTrue(r.agrees(), c.name() + ":\n" + String.join("\n", r.differences()));
            assertTrue(r.events() > 100 && r.cycles() >= 100, c.name() + ": a real stream was compared");
        }
    }

    /** Verilator on the DialectFP4 datapath and the two-stage quantizer (compiling every case would take minutes). */
    @Test
    void verilatorAgreesToo(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.VERILATOR);
        for (String name : List.of("dialectfp4", "quantizer-two-stage")) {
            GoldenCase c = GoldenFile.read(Path.of("traces/golden/" + name + ".golden")).goldenCase();
            Cosim.Result r = Cosim.run(c, Path.of(""), dir.resolve(name), Cosim.Tool.VERILATOR);
            assertTrue(r.agrees(), name + ":\n" + String.join("\n", r.differences()));
        }
    }

    /** The pipelined exhaustive selector's Verilog (its comparator tree cut by registers) agrees with the Java model at every cut. */
    @Test
    void thePipelinedExhaustiveSelectorAgreesAtEveryCut(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        for (String stages : List.of("2", "4")) {
            GoldenCase c = new GoldenCase("exhaustive-" + stages, "quantizer", "rtl-models/quantizers/dialect_quantizer.bdn", "dialectfp4-exh",
                    Map.of("N", "2", "SELECT_STAGES", stages), "traces/layer2.ffn_hidden.npy", 2, "", 0, "fp32", "45nm", "500MHz");
            Cosim.Result r = Cosim.run(c, Path.of(""), dir.resolve(stages), Cosim.Tool.ICARUS);
            assertTrue(r.agrees(), stages + " stages: " + r.differences());
        }
    }

    /** A defect planted in the Verilog (the decoder's table: its largest entry, 15 half units, made 14) shows as a difference naming the cycle and the signal. */
    @Test
    void aPlantedDefectInTheVerilogIsFound(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        GoldenCase c = GoldenFile.read(Path.of("traces/golden/dialectfp4.golden")).goldenCase();
        Cosim.Result r = Cosim.run(c, Path.of(""), dir, Cosim.Tool.ICARUS, v -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("MAGNITUDES = (\\d+)'h([0-9a-f]+);").matcher(v);
            assertTrue(m.find(), "the decoder's table in the export");
            java.math.BigInteger table = new java.math.BigInteger(m.group(2), 16);
            int at = -1;
            for (int e = 0; e < Integer.parseInt(m.group(1)) / 4 && at < 0; e++) {
                at = table.shiftRight(4 * e).and(java.math.BigInteger.valueOf(15)).intValue() == 15 ? e : -1;
            }
            java.math.BigInteger planted = table.xor(java.math.BigInteger.ONE.shiftLeft(4 * at));
            return v.substring(0, m.start(2)) + planted.toString(16) + v.substring(m.end(2));
        });
        assertFalse(r.agrees());
        assertTrue(r.differences().get(0).matches("output stream: first difference in cycle \\d+, signal acc: .*"), r.differences().get(0));
    }

    @Test
    void exportWritesAModulePerComponentInstanceAndPerDslModuleInstance(@TempDir Path dir) throws Exception {
        var n = Elaborator.elaborate(Path.of("rtl-models/examples/counter.bdn"), null, Map.of());
        VerilogExporter.Export e = VerilogExporter.export(n, dir);
        String v = Files.readString(e.file());
        assertTrue(v.contains("module counter__c (input clk, input rst, output [3:0] q, output [0:0] at_max, input [0:0] en);"), v);
        assertTrue(v.contains("module counter (input clk, input rst, input en, output [3:0] count, output wrap);"), v);
        assertTrue(v.contains("counter__c c (.clk(clk), .rst(bd_rst)"), v);
        assertTrue(v.contains("wire bd_rst = rst;"), v);

        var mac = Elaborator.elaborate(Path.of("rtl-models/datapaths/int8.bdn"), null, Map.of("LANES", "4"));
        String m = Files.readString(VerilogExporter.export(mac, dir.resolve("int8")).file());
        // int8.bdn is an alias of int.bdn's module, which holds the operands front end `ops` and the back end `core`
        for (String scope : List.of("ops", "core")) {
            assertTrue(m.contains("module int8_mac__" + scope + " (input clk, input bd_rst, "), scope + " has a module");
            assertTrue(m.contains("  int8_mac__" + scope + " " + scope + " (.clk(clk), .bd_rst(bd_rst), "), scope + " instantiated in the top");
        }
        assertTrue(m.contains("  int8_mac__core__tree tree (.clk(clk), .rst(bd_rst), "), "the adder tree inside core");
    }

    private static String icarus(Path dir, Path design) throws Exception {
        return Processes.exec(dir, List.of("iverilog", "-g2005", "-o", "sim", Testbench.TESTBENCH, design.getFileName().toString()))
                + Processes.exec(dir, List.of("vvp", "-n", "sim"));
    }

    private static Path selfChecking(Path netlist, Path stimulus, int cycles, Path dir) throws Exception {
        var n = Elaborator.elaborate(netlist, null, Map.of());
        VerilogExporter.Export e = VerilogExporter.export(n, dir);
        Stimulus stim = stimulus == null ? Stimulus.none(n) : Stimulus.load(stimulus, n);
        Testbench.selfChecking(n, e.top(), stim, cycles, dir);
        return e.file();
    }

    /**
     * The MX element encoder's Verilog (integer arithmetic) against its Java model (the functional grid's rounding) on random
     * FP16 values over scales that put them anywhere from below half the smallest step to far above the largest magnitude, for
     * every element format and both tie rules; halfway values included (significands with few bits set).
     */
    @Test
    void theMxElementEncoderRoundsAsTheFunctionalGrid(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        java.util.Random rnd = new java.util.Random(17);
        StringBuilder stim = new StringBuilder("x field\n");
        int cycles = 6000;
        for (int i = 0; i < cycles; i++) {
            int e = rnd.nextInt(31);
            int mant = rnd.nextBoolean() ? rnd.nextInt(1024) : (1 << rnd.nextInt(10)) * (rnd.nextInt(3) + 1) & 1023;
            int x = (rnd.nextBoolean() ? 0x8000 : 0) | e << 10 | mant;
            stim.append(x).append(' ').append(100 + rnd.nextInt(56)).append('\n');
        }
        Files.writeString(dir.resolve("enc.stim"), stim);
        for (String format : List.of("E2M1", "E2M3", "E3M2", "E4M3", "E5M2", "MXINT8", "INT4", "INT8")) {
            for (String ties : List.of("even", "away")) {
                int bits = format.equals("E2M1") || format.equals("INT4") ? 4 : format.startsWith("E2") || format.startsWith("E3") ? 6 : 8;
                Path netlist = Files.writeString(dir.resolve(format + ties + ".bdn"), String.join("\n", "module enc {", "  clock clk",
                        "  in x : u16", "  in field : u8", "  out code : u" + bits,
                        "  inst e = ElementEncoder(format = \"" + format + "\", ties = \"" + ties + "\")", "  x -> e.x", "  field -> e.field",
                        "  e.code -> code", "}", ""));
                Path run = dir.resolve(format + ties);
                Path design = selfChecking(netlist, dir.resolve("enc.stim"), cycles, run);
                String out = icarus(run, design);
                assertTrue(out.contains("PASS: " + (cycles + 1) + " cycles match"), format + " ties " + ties + ":\n" + out);
            }
        }
    }

    /**
     * NVFP4's block scale and element encoder: random blocks over random tensor scales, and blocks built to fall exactly on
     * the midpoints (a power-of-two tensor scale, the block maximum on an E4M3 midpoint times 6 s_t, the element on an E2M1
     * midpoint times s_b s_t), and tensor scales of every binade (amax far below or above 6 s_t), for both tie rules.
     */
    @Test
    void theNvfp4ScaleAndEncoderRoundAsTheFunctionalGrids(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        dev.bdsim.format.ElementGrid e4m3 = dev.bdsim.format.ElementGrid.E4M3;
        java.util.Random rnd = new java.util.Random(23);
        StringBuilder stim = new StringBuilder("x amax tensor_scale\n");
        int cycles = 4000;
        double[] e2m1 = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
        for (int i = 0; i < cycles; i++) {
            boolean ties = rnd.nextBoolean();
            float st = ties ? (float) Math.scalb(1.0, -rnd.nextInt(30))
                    : rnd.nextInt(4) == 0 ? Float.intBitsToFloat((1 + rnd.nextInt(254)) << 23 | rnd.nextInt(1 << 23)) // any binade
                    : (float) (dev.bdsim.fp16.Fp16.toDouble((short) (1 + rnd.nextInt(0x7bff))) / 2688);
            int amax;
            int x;
            if (ties) {
                int c = rnd.nextInt(126);
                amax = dev.bdsim.fp16.Fp16.fromDouble(0.5 * (e4m3.magnitude(c) + e4m3.magnitude(c + 1)) * 6 * st) & 0x7fff;
                double sb = e4m3.magnitude(e4m3.encode(dev.bdsim.fp16.Fp16.toDouble((short) amax), 6.0 * st, dev.bdsim.format.Rounding.NEAREST_EVEN));
                int k = rnd.nextInt(7);
                x = dev.bdsim.fp16.Fp16.fromDouble(0.5 * (e2m1[k] + e2m1[k + 1]) * sb * st * (rnd.nextBoolean() ? 1 : -1)) & 0xffff;
            } else {
                amax = rnd.nextInt(0x7c00);
                x = rnd.nextInt(0x10000) & ~(rnd.nextInt(8) == 0 ? 0x7c00 : 0);
                x = (x & 0x7c00) == 0x7c00 ? x & 0x83ff : x;
            }
            stim.append(x).append(' ').append(amax).append(' ').append(Float.floatToRawIntBits(st) & 0xffffffffL).append('\n');
        }
        Files.writeString(dir.resolve("nv.stim"), stim);
        for (String ties : List.of("even", "away")) {
            Path netlist = Files.writeString(dir.resolve("nv" + ties + ".bdn"), String.join("\n", "module nv {", "  clock clk",
                    "  in x : u16", "  in amax : u15", "  in tensor_scale : u32", "  out field : u8", "  out code : u4",
                    "  inst s = NvScale(ties = \"" + ties + "\")", "  inst e = NvEncoder(ties = \"" + ties + "\")",
                    "  amax -> s.amax", "  tensor_scale -> s.tensor_scale, e.tensor_scale", "  s.field -> e.field, field", "  x -> e.x",
                    "  e.code -> code", "}", ""));
            Path run = dir.resolve("nv" + ties);
            String out = icarus(run, selfChecking(netlist, dir.resolve("nv.stim"), cycles, run));
            assertTrue(out.contains("PASS: " + (cycles + 1) + " cycles match"), "ties " + ties + ":\n" + out);
        }
    }

    /** Verilog keywords, the export's own clk/bd_rst names and names that collide once flattened still export correctly. */
    @Test
    void namesThatAreNotVerilogOrCollideExportAndCosimulate(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        Path netlist = dir.resolve("weird.bdn");
        Files.writeString(netlist, String.join("\n", "module sub {", "  clock c", "  in  x : u4", "  out y : u4",
                "  inst b = Register(width = 4)", "  x -> b.d", "  b.q -> y", "}",
                "module weird #(NOTE = \"plain\") {", "  clock clk", "  in  reg : u4", "  in  bd_rst : u1", "  out always : u4",
                "  out wire_out : u4", "  inst a = sub", "  inst a__b = Register(width = 4)", "  reg -> a.x", "  reg ^ 4'd5 -> a__b.d",
                "  bd_rst -> a__b.en", "  a.y -> always", "  a__b.q -> wire_out", "}", ""));
        Path stim = Files.writeString(dir.resolve("weird.stim"), "reg bd_rst\n1 1\n2 0\n3 1\n9 1\n15 0\n7 1\n");
        var n = Elaborator.elaborate(netlist, null, Map.of("NOTE", "\"x\nmodule injected(); endmodule\""));
        Path out = dir.resolve("out");
        VerilogExporter.Export e = VerilogExporter.export(n, out);
        Testbench.selfChecking(n, e.top(), Stimulus.load(stim, n), 6, out);
        assertTrue(icarus(out, e.file()).contains("PASS: 7 cycles match"));
        String v = Files.readString(e.file());
        assertTrue(!v.contains("\nmodule injected"), "a parameter value cannot end the comment it is written in");
        assertTrue(v.contains("module weird__a__b (") && v.contains("module weird__a__b_2 ("), "colliding names are told apart");
    }

    /** Every example netlist, and one using the remaining components, pass their self-checking testbench. */
    @Test
    void selfCheckingTestbenchesPassAndCatchAPlantedDefect(@TempDir Path dir) throws Exception {
        require(Cosim.Tool.ICARUS);
        for (String ex : List.of("counter", "pipeline", "fifo", "adder_tree")) {
            Path stim = Path.of("rtl-models/examples/" + ex + ".stim");
            Path design = selfChecking(Path.of("rtl-models/examples/" + ex + ".bdn"), Files.exists(stim) ? stim : null, 30, dir.resolve(ex));
            String out = icarus(dir.resolve(ex), design);
            assertTrue(out.contains("PASS: 31 cycles match"), ex + ":\n" + out);
        }
        Path mixed = dir.resolve("mixed.bdn");
        Files.writeString(mixed, String.join("\n",
                "module mixed {",
                "  clock clk",
                "  reset rst",
                "  in  a, b : s8",
                "  in  k : u2",
                "  out y : s8",
                "  out p : s16",
                "  out t : u4",
                "  out c : u3",
                "  out lt : u1",
                "  out wl : s16",
                "  out wr : u12",
                "  inst wide_left = Shifter(width = 16, a_bits = 8, signed = 1, dir = \"left\", amount_bits = 4)",
                "  a -> wide_left.a",
                "  unsigned(b[7:4]) -> wide_left.amount",
                "  wide_left.y -> wl",
                "  inst wide_right = Shifter(width = 12, a_bits = 8, dir = \"right\", amount_bits = 4)",
                "  unsigned(a) -> wide_right.a",
                "  unsigned(b[3:0]) -> wide_right.amount",
                "  wide_right.y -> wr",
                "  inst sh = Shifter(width = 8, signed = 1, dir = \"right\", amount_bits = 4)",
                "  a -> sh.a",
                "  unsigned(b[3:0]) -> sh.amount",
                "  inst m = Mux(width = 8, signed = 1, inputs = 3)",
                "  k -> m.sel",
                "  sh.y -> m.in0",
                "  a ^ b -> m.in1",
                "  ~a -> m.in2",
                "  m.out -> y",
                "  inst mul = Multiplier(a_bits = 8, a_signed = 1, b_bits = 8, b_signed = 1)",
                "  a -> mul.a",
                "  b -> mul.b",
                "  mul.p -> p",
                "  inst lut = Lut(in_bits = 2, width = 4, table = \"3 9 0 15\")",
                "  k -> lut.a",
                "  lut.y -> t",
                "  inst cnt = Counter(width = 3, max = 5)",
                "  cnt.q -> c",
                "  inst cmp = Comparator(width = 8, signed = 1)",
                "  a -> cmp.a",
                "  b -> cmp.b",
                "  cmp.lt -> lt",
                "}"));
        StringBuilder stim = new StringBuilder("a b k\n");
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 60; i++) {
            stim.append(rnd.nextInt(256) - 128).append(' ').append(rnd.nextInt(256) - 128).append(' ').append(rnd.nextInt(4)).append('\n');
        }
        Files.writeString(dir.resolve("mixed.stim"), stim);
        Path design = selfChecking(mixed, dir.resolve("mixed.stim"), 60, dir.resolve("mixed"));
        String mixedOut = icarus(dir.resolve("mixed"), design);
        assertTrue(mixedOut.contains("PASS: 61 cycles match"), mixedOut);

        Path counter = dir.resolve("counter");
        Path v = counter.resolve("counter.v");
        Files.writeString(v, Files.readString(v).replace("value + 1", "value + 2"));
        String out = icarus(counter, v);
        assertTrue(out.contains("MISMATCH cycle ") && out.contains("signal count") && out.contains("FAIL:"), out);
    }
}
