package dev.bdsim.synth;

import dev.bdsim.BadInputException;
import dev.bdsim.io.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The area of primitives as the synthesis flow builds them from a Liberty library's cells (Yosys
 * {@code synth}, ABC mapping): ABC maps to single-output gates, so a full adder is not the library's
 * FAX1 but the gates ABC chooses, and a memory is flip-flops and multiplexers. Each primitive is a
 * small reference circuit of 32 copies (a ripple adder, an incrementer, a word multiplexer, a
 * 64 x 8 memory); its mapped area over the copies is the primitive's area.
 */
public final class FlowCharacterization {
    /** Primitive name, the Verilog of its reference circuit (module {@code m}), and the copies it holds. */
    record Reference(String name, String verilog, int copies) {
    }

    /** The width and the stages of the rotate and the shift that price a tree of multiplexers. */
    static final int SHIFT_WIDTH = 32;
    static final int SHIFT_STAGES = 5;

    static final List<Reference> REFERENCES = List.of(
            new Reference("full adder (bit of a 32-bit ripple add)",
                    "module m(input [31:0] a, b, output [32:0] s); assign s = a + b; endmodule", 32),
            new Reference("half adder (bit of a 32-bit increment)",
                    "module m(input [31:0] a, input c, output [32:0] s); assign s = a + c; endmodule", 32),
            new Reference("2:1 multiplexer (bit of a 32-bit word select)",
                    "module m(input [31:0] a, b, input s, output [31:0] y); assign y = s ? b : a; endmodule", 32),
            new Reference("flip-flop with enable and synchronous reset (bit of a 32-bit register)",
                    "module m(input clk, rst, en, input [31:0] d, output reg [31:0] q); always @(posedge clk) if (rst) q <= 0;"
                            + " else if (en) q <= d; endmodule", 32),
            new Reference("memory bit (of a 64 x 8 memory, one write and one registered read port)",
                    "module m(input clk, we, input [5:0] wa, ra, input [7:0] wd, output reg [7:0] rd); reg [7:0] mem [0:63];"
                            + " always @(posedge clk) begin if (we) mem[wa] <= wd; rd <= mem[ra]; end endmodule", 512),
            new Reference("2:1 multiplexer inside a tree of them (node of a 32-bit rotate by 0..31: 5 stages of 32)",
                    "module m(input [31:0] a, input [4:0] n, output [31:0] y); wire [63:0] d = {a, a} << n; assign y = d[63:32]; endmodule",
                    SHIFT_STAGES * SHIFT_WIDTH),
            new Reference("32-bit shift left by 0..31",
                    "module m(input [31:0] a, input [4:0] n, output [31:0] y); assign y = a << n; endmodule", 1));

    /** In the stage of 2^k of the 32-bit shift left, the low 2^k bits take a zero or stay: a gate with a constant branch. */
    static int shiftGates() {
        return (1 << SHIFT_STAGES) - 1;
    }

    /** The shift's other nodes are 2:1 multiplexers. */
    static int shiftMultiplexers() {
        return SHIFT_STAGES * SHIFT_WIDTH - shiftGates();
    }

    /**
     * A reference circuit whose energy per operation is measured at gate level: two random operands a and b (a fixed seed)
     * applied {@code vectors} times to module {@code m}, whose output is {@code s}.
     */
    record Workload(String name, String verilog, int aBits, int bBits, int sBits, int vectors) {
    }

    /** The n x n multiplies whose energies give a multiplier's energy and its growth with the size. */
    static final List<Integer> MULTIPLY_SIZES = List.of(16, 8, 4);

    static final List<Workload> ENERGY = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            new Workload("energy of a 32-bit add on random operands (pJ)",
                    "module m(input [31:0] a, b, output [32:0] s); assign s = a + b; endmodule", 32, 32, 33, 512)),
            MULTIPLY_SIZES.stream().flatMap(n -> java.util.stream.Stream.of(multiply(n, false), multiply(n, true)))).toList();

    static String multiplyName(int n, boolean signed) {
        return "energy of a " + (signed ? "signed " : "") + n + " x " + n + " multiply on random operands (pJ)";
    }

    private static Workload multiply(int n, boolean signed) {
        String s = signed ? "signed " : "";
        return new Workload(multiplyName(n, signed), "module m(input " + s + "[" + (n - 1) + ":0] a, b, output " + s + "[" + (2 * n - 1)
                + ":0] s); assign s = a * b; endmodule", n, n, 2 * n, 512);
    }

    private FlowCharacterization() {}

    /**
     * Each primitive's mapped area in µm², in the order of {@link #REFERENCES}, then the energy of each {@link #ENERGY}
     * workload, its mapped netlist simulated in Icarus Verilog with the library's cell models ({@code cellModels}) and
     * priced as {@link GateLevelEnergy} prices a MAC unit.
     */
    public static Map<String, Double> measure(Path liberty, Path cellModels, Path workDir) throws IOException, InterruptedException {
        if (!Processes.onPath("iverilog") || !Files.isRegularFile(cellModels)) {
            throw new BadInputException("the energy of the flow's adders and multipliers is measured in Icarus Verilog with the cells' Verilog "
                    + "models: install iverilog and give the models (" + cellModels + " not found)");
        }
        if (!YosysArea.available()) {
            throw new BadInputException("Yosys is not on the PATH; install it with apt-get install yosys");
        }
        Map<String, Double> areas = new LinkedHashMap<>();
        int k = 0;
        for (Reference r : REFERENCES) {
            Path dir = Files.createDirectories(workDir.resolve("primitive" + k++));
            Files.writeString(dir.resolve("m.v"), r.verilog() + "\n");
            Processes.exec(dir, List.of("yosys", "-q", "-p", "read_verilog m.v; " + YosysArea.mapping("m", liberty)));
            areas.put(r.name(), YosysArea.chipArea(Files.readString(dir.resolve("stat.txt")), dir) / r.copies());
        }
        dev.bdsim.liberty.CellLibrary lib = dev.bdsim.liberty.CellLibrary.read(liberty);
        for (Workload w : ENERGY) {
            Path dir = Files.createDirectories(workDir.resolve("energy" + k++));
            Files.writeString(dir.resolve("m.v"), w.verilog() + "\n");
            Processes.exec(dir, List.of("yosys", "-q", "-p", "read_verilog m.v; " + YosysArea.mapping("m", liberty)));
            Files.writeString(dir.resolve("tb.v"), "`timescale 1ns/1ps\nmodule tb;\n  reg [" + (w.aBits() - 1) + ":0] a = 0;\n  reg ["
                    + (w.bBits() - 1) + ":0] b = 0;\n  wire [" + (w.sBits() - 1) + ":0] s;\n  integer i, seed;\n  m dut (.a(a), .b(b), .s(s));\n"
                    + "  initial begin\n    seed = 7;\n    $dumpfile(\"gates.vcd\");\n    $dumpvars(0, tb.dut);\n    for (i = 0; i < " + w.vectors()
                    + "; i = i + 1) begin\n      #10;\n      a = $random(seed);\n      b = $random(seed);\n    end\n    #10 $finish;\n  end\n"
                    + "endmodule\n");
            GateLevelEnergy.simulate(dir, List.of("tb.v", YosysArea.GATES), cellModels);
            GateLevelEnergy.Energy e = GateLevelEnergy.energy(Files.readString(dir.resolve(YosysArea.GATES)), "m", lib,
                    GateLevelEnergy.Vcd.toggles(dir.resolve("gates.vcd"), List.of("tb", "dut")));
            areas.put(w.name(), e.pj() / w.vectors());
        }
        return areas;
    }

    /** The Yosys version the areas were measured with (its first output line). */
    public static String yosysVersion() throws IOException, InterruptedException {
        return Processes.exec(Path.of("."), List.of("yosys", "-V")).lines().findFirst().orElse("yosys").strip();
    }
}
