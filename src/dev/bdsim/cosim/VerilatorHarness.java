package dev.bdsim.cosim;

import dev.bdsim.BadInputException;
import dev.bdsim.io.AtomicFile;
import dev.bdsim.io.Processes;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.verilog.PortRecorder;
import dev.bdsim.verilog.VerilogExporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A C++ harness that drives a Verilated model directly: the stimulus (a packed hex line of the top
 * inputs per cycle, as {@link PortRecorder} writes it) read into memory before the clock starts,
 * then per cycle the inputs set, one evaluation with the clock low (the outputs folded into
 * {@link PortRecorder#hash}'s FNV-1a hash, so Java and Verilator can prove they computed the same)
 * and one with it high. The first cycle is a reset edge, as in the Verilog testbench. Built with
 * {@code verilator --cc --exe --build -O3 --x-assign fast --x-initial fast}.
 */
public final class VerilatorHarness {
    /** One run of the harness: the cycles it replayed, the seconds the replay took and the outputs' hash. */
    public record Run(long cycles, double seconds, long hash) {}

    private static final Pattern REPORT = Pattern.compile("cycles (\\d+) seconds ([0-9.eE+-]+) hash ([0-9a-f]{16})");
    static final String SOURCE = "harness.cpp";
    static final String EXECUTABLE = "harness";

    private final Path dir;
    private final Path executable;

    private VerilatorHarness(Path dir, Path executable) {
        this.dir = dir;
        this.executable = executable;
    }

    /** Writes the harness for {@code netlist}'s export in {@code dir} and builds it with Verilator; the model is {@code export}. */
    public static VerilatorHarness build(Netlist netlist, VerilogExporter.Export export, Path dir) throws IOException, InterruptedException {
        if (!Cosim.Tool.VERILATOR.available()) {
            throw new BadInputException(Cosim.Tool.VERILATOR.missing());
        }
        AtomicFile.writeText(dir.resolve(SOURCE), w -> w.write(source(netlist, export.top())));
        Processes.exec(dir, List.of("verilator", "--cc", "--exe", "--build", "-j", "2", "-O3", "--x-assign", "fast", "--x-initial", "fast",
                "-Wno-fatal", "-Wno-lint", "-Wno-style", "--top-module", export.top(), "-CFLAGS", "-O3", "-Mdir", "obj_dir", "-o", EXECUTABLE,
                SOURCE, export.file().getFileName().toString()));
        return existing(dir);
    }

    /** The harness {@link #build} left in {@code dir}. */
    static VerilatorHarness existing(Path dir) {
        return new VerilatorHarness(dir, dir.resolve("obj_dir").resolve(EXECUTABLE).toAbsolutePath());
    }

    /** Replays {@code stimulus} through the model, in the export's folder (its memories' initial contents are there). */
    public Run run(Path stimulus) throws IOException, InterruptedException {
        String out = Processes.exec(dir, List.of(executable.toString(), stimulus.toAbsolutePath().toString()));
        if (out.contains("%Warning") || out.contains("%Error")) {
            throw new IllegalStateException("the Verilated model of " + dir + " complained while replaying " + stimulus + ":\n"
                    + out.lines().filter(l -> l.startsWith("%")).limit(5).reduce("", (a, b) -> a + b + "\n"));
        }
        Matcher m = REPORT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("the Verilator harness " + executable + " printed no report: " + out.strip());
        }
        return new Run(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Long.parseUnsignedLong(m.group(3), 16));
    }

    private static int bits(Netlist.TopPort p) {
        return p.type().width() * p.lanes();
    }

    private static int words(Netlist.TopPort p) {
        return (bits(p) + 31) / 32;
    }

    static String source(Netlist netlist, String top) {
        int inBits = netlist.inputs().stream().mapToInt(VerilatorHarness::bits).sum();
        // the stimulus is unpacked per port before the clock starts (the first port in the most significant bits, as the
        // recorder packs); in the replay a port is one assignment, or one per 32-bit word of a wide port
        StringBuilder declare = new StringBuilder();
        StringBuilder unpack = new StringBuilder();
        StringBuilder apply = new StringBuilder();
        int offset = inBits;
        int k = 0;
        for (Netlist.TopPort p : netlist.inputs()) {
            offset -= bits(p);
            String member = "top->" + VerilogExporter.portName(p);
            String store = "in" + k++;
            if (bits(p) <= 64) {
                declare.append("  std::vector<uint64_t> ").append(store).append(";\n");
                unpack.append("    ").append(store).append(".push_back(bitsAt(words.data(), ").append(offset).append(", ").append(bits(p)).append("));\n");
                apply.append("    ").append(member).append(" = ").append(store).append("[c];\n");
            } else {
                declare.append("  std::vector<uint32_t> ").append(store).append(";\n");
                for (int j = 0; j < words(p); j++) {
                    unpack.append("    ").append(store).append(".push_back((uint32_t) bitsAt(words.data(), ").append(offset + 32 * j).append(", ")
                            .append(Math.min(32, bits(p) - 32 * j)).append("));\n");
                    apply.append("    ").append(member).append("[").append(j).append("] = ").append(store).append("[c * ").append(words(p))
                            .append(" + ").append(j).append("];\n");
                }
            }
        }
        StringBuilder fold = new StringBuilder();
        for (Netlist.TopPort p : netlist.outputs()) {
            String member = "top->" + VerilogExporter.portName(p);
            if (bits(p) <= 64) {
                fold.append("  h = fold(h, (uint64_t) ").append(member).append(", ").append(words(p)).append(");\n");
            } else {
                for (int j = 0; j < words(p); j++) {
                    fold.append("  h = fold(h, ").append(member).append("[").append(j).append("], 1);\n");
                }
            }
        }
        String reset = netlist.resetPort() == null ? ""
                : "  top->" + VerilogExporter.portName(netlist.input(netlist.resetPort())) + " = 1;\n  top->clk = 1;\n  top->eval();\n  top->clk = 0;\n";
        return "// Replays a stimulus file into V" + top + " and prints the cycles, the replay's seconds and a hash of every output.\n"
                + "#include \"V" + top + ".h\"\n#include \"verilated.h\"\n#include <chrono>\n#include <cstdint>\n#include <cstdio>\n"
                + "#include <fstream>\n#include <string>\n#include <vector>\n\n"
                + "static const int IN_WORDS = " + Math.max(1, (inBits + 31) / 32) + ";\n\n"
                + "static uint64_t bitsAt(const uint32_t* w, int off, int n) {\n  uint64_t v = 0;\n"
                + "  for (int i = 0; i < n; i++) v |= (uint64_t) ((w[(off + i) >> 5] >> ((off + i) & 31)) & 1u) << i;\n  return v;\n}\n\n"
                + "// FNV-1a over the value's 32-bit words, low word first, each word's bytes low byte first\n"
                + "static inline uint64_t fold(uint64_t h, uint64_t v, int words) {\n"
                + "  for (int b = 0; b < 4 * words; b++) { h ^= (v >> (8 * b)) & 0xffu; h *= 1099511628211ULL; }\n  return h;\n}\n\n"
                + "static inline uint64_t outputs(V" + top + "* top, uint64_t h) {\n" + fold + "  return h;\n}\n\n"
                + "int main(int argc, char** argv) {\n"
                + "  if (argc < 2) { std::fprintf(stderr, \"usage: %s STIMULUS.hex\\n\", argv[0]); return 2; }\n"
                + "  std::ifstream in(argv[1]);\n  if (!in) { std::fprintf(stderr, \"%s: cannot read\\n\", argv[1]); return 2; }\n"
                + declare + "  std::string line;\n  long cycles = 0;\n"
                + "  while (std::getline(in, line)) {\n    if (line.empty()) continue;\n    std::vector<uint32_t> words(IN_WORDS, 0);\n"
                + "    int bit = 0;\n    for (int i = (int) line.size() - 1; i >= 0 && bit < 32 * IN_WORDS; i--, bit += 4) {\n"
                + "      char c = line[i];\n      uint32_t d = c <= '9' ? c - '0' : (c | 32) - 'a' + 10;\n"
                + "      words[bit >> 5] |= d << (bit & 31);\n    }\n" + unpack + "    cycles++;\n  }\n"
                + "  Verilated::commandArgs(argc, argv);\n  V" + top + "* top = new V" + top + ";\n"
                + "  top->clk = 0;\n  top->eval();\n" + reset
                + "  uint64_t h = 14695981039346656037ULL;\n  auto t0 = std::chrono::steady_clock::now();\n"
                + "  for (long c = 0; c < cycles; c++) {\n" + apply
                + "    top->clk = 0;\n    top->eval();\n    h = outputs(top, h);\n    top->clk = 1;\n    top->eval();\n  }\n"
                + "  top->clk = 0;\n  top->eval();\n  h = outputs(top, h);\n"
                + "  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();\n"
                + "  std::printf(\"cycles %ld seconds %.9f hash %016llx\\n\", cycles, seconds, (unsigned long long) h);\n"
                + "  top->final();\n  delete top;\n  return 0;\n}\n";
    }
}
