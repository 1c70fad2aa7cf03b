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

    static final List<Reference> REFERENCES = List.of(
            new Reference("full adder (bit of a 32-bit ripple add)",
                    "module m(input [31:0] a, b, output [32:0] s); assign s = a + b; endmodule", 32),
            new Reference("half adder (bit of a 32-bit increment)",
                    "module m(input [31:0] a, input c, output [32:0] s); assign s = a + c; endmodule", 32),
            new Reference("2:1 multiplexer (bit of a 32-bit word select)",
                    "module m(input [31:0] a, b, input s, output [31:0] y); assign y = s ? b : a; endmodule", 32),
            new Reference("memory bit (of a 64 x 8 memory, one write and one registered read port)",
                    "module m(input clk, we, input [5:0] wa, ra, input [7:0] wd, output reg [7:0] rd); reg [7:0] mem [0:63];"
                            + " always @(posedge clk) begin if (we) mem[wa] <= wd; rd <= mem[ra]; end endmodule", 512));


    private FlowCharacterization() {}

    /** Each primitive's mapped area in µm², in the order of {@link #REFERENCES}. */
    public static Map<String, Double> measure(Path liberty, Path workDir) throws IOException, InterruptedException {
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
        return areas;
    }

    /** The Yosys version the areas were measured with (its first output line). */
    public static String yosysVersion() throws IOException, InterruptedException {
        return Processes.exec(Path.of("."), List.of("yosys", "-V")).lines().findFirst().orElse("yosys").strip();
    }
}
