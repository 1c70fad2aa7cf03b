package dev.bdsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bdsim.trace.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code ./sim} in a separate JVM (with these JVM options first, e.g. -Xmx24m), as the launcher runs it. */
    static ProcessBuilder sim(List<String> jvmOptions, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void noCommandIsAUsageErrorThatListsTheCommands() {
        for (String[] args : List.of(new String[0], new String[] {"golden"})) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("a command is missing: give one of the commands below") && r.err().contains("Usage: sim"), r.err());
        }
    }

    @Test
    void captureDoesNotOverwriteTheShippedTracesWithoutForce() {
        Run r = run("capture", "-o", dev.bdsim.ProjectHome.file("traces").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("holds the shipped traces, which the tests and golden files check; capture writes there only with --force"),
                r.err());
    }

    /** Help paragraphs wrap at the width: no line of a description ends a few words into a sentence that the next line goes on with. */
    @Test
    void helpTextIsNotCutMidSentence() {
        java.util.List<String[]> commands = new java.util.ArrayList<>();
        for (String c : List.of("demo", "run", "gemm", "cost", "quantizer", "accuracy", "sweep", "export-verilog", "cosim", "quantize",
                "capture", "bench", "liberty")) {
            commands.add(new String[] {c, "--help"});
        }
        commands.add(new String[] {"golden", "verify", "--help"});
        commands.add(new String[] {"golden", "record", "--help"});
        for (String[] args : commands) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            List<String> lines = r.out().lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String line = lines.get(i);
                String next = lines.get(i + 1).strip();
                boolean cut = line.length() < 50 && !line.isBlank() && !next.isEmpty() && Character.isLowerCase(next.charAt(0))
                        && !line.stripTrailing().matches(".*[.:;,)]$") && !line.startsWith("Usage:") && !line.startsWith(" ");
                assertTrue(!cut, String.join(" ", args) + ": a sentence cut after \"" + line + "\":\n" + r.out());
            }
        }
    }

    /**
     * One name per concept: an option name means the same (one value label) in every command, a short
     * name always stands for the same long one, and the synonyms once used for a concept are gone.
     */
    @Test
    void optionNamesMeanTheSameInEveryCommand() {
        Map<String, String> synonyms = Map.of("--formats", "--format", "--dir", "--out", "--trace", "--activations",
                "--weight_rows", "--weight-rows", "--rows", "--tokens", "--output", "--out", "--jobs", "--threads");
        Map<String, String> labels = new java.util.TreeMap<>();
        Map<String, String> shortToLong = new java.util.TreeMap<>();
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (picocli.CommandLine c : allCommands()) {
            String command = c.getCommandSpec().qualifiedName();
            for (picocli.CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                String longName = o.longestName();
                for (String n : o.names()) {
                    if (synonyms.containsKey(n)) {
                        problems.add(command + " " + n + ": the name for this is " + synonyms.get(n));
                    }
                    if (!n.startsWith("--")) {
                        String before = shortToLong.putIfAbsent(n, longName);
                        if (before != null && !before.equals(longName)) {
                            problems.add(command + " " + n + " means " + longName + " here, " + before + " elsewhere");
                        }
                    }
                }
                // a file option takes files in one command and counts in another only under different names
                if (!o.typeInfo().isBoolean() && !longName.equals("--outputs")) {
                    String before = labels.putIfAbsent(longName, o.paramLabel());
                    if (before != null && !before.equals(o.paramLabel())) {
                        problems.add(command + " " + longName + " takes " + o.paramLabel() + " here, " + before + " elsewhere");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static java.util.List<picocli.CommandLine> allCommands() {
        picocli.CommandLine root = new picocli.CommandLine(new Main());
        java.util.List<picocli.CommandLine> commands = new java.util.ArrayList<>();
        root.getSubcommands().values().forEach(c -> {
            if (!c.getCommandName().equals("help")) {
                commands.add(c);
                commands.addAll(c.getSubcommands().values());
            }
        });
        return commands;
    }

    /** Every command's help ends with an example, and the example is a valid command line (its options and arguments parse). */
    @Test
    void everyCommandHasAnExampleThatParses() {
        for (picocli.CommandLine c : allCommands()) {
            String[] footer = c.getCommandSpec().usageMessage().footer();
            String name = c.getCommandSpec().qualifiedName();
            assertTrue(footer.length == 2 && footer[1].strip().startsWith("./sim "), name + " has no example");
            String[] args = footer[1].strip().substring("./sim ".length()).split(" +");
            new picocli.CommandLine(new Main()).parseArgs(args);
        }
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String c : List.of("demo", "run", "quantize", "capture", "bench")) {
            assertTrue(r.out().contains(c), r.out());
        }
    }

    @Test
    void quantizeJsonOnAShippedTraceWithItsRealWeight() throws Exception {
        Path w = dir.resolve("w.npy");
        var weight = dev.bdsim.model.MiniLm.load().weight("onnx::MatMul_885");
        Npy.writeFp16(w, weight.rows(), weight.cols(), weight.rawBits());
        Run r = run("quantize", "traces/layer0.attn_in.npy", "-w", w.toString(), "-f", "dialectfp4,mxfp4,fp16", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode formats = root.path("formats");
        assertEquals(3, formats.size());
        assertEquals("dialectfp4", formats.get(0).path("id").asText());
        assertEquals(4 + 9 / 32.0, formats.get(0).path("bitsPerElement").asDouble(), 1e-12);
        double bd = formats.get(0).path("outputSqnrDb").asDouble();
        double mx = formats.get(1).path("outputSqnrDb").asDouble();
        assertTrue(bd > 10 && mx > 5 && formats.get(2).path("outputSqnrDb").asDouble() > 80, r.out());
        long blocks = 0;
        for (JsonNode c : formats.get(0).path("activationDialectHistogram")) {
            blocks += c.asLong();
        }
        assertEquals(171 * 12, blocks);
        assertEquals("exact", formats.get(2).path("activationSqnrDb").asText());
    }

    private static String hex(int[] codes) {
        StringBuilder b = new StringBuilder();
        for (int c : codes) {
            b.append(Integer.toHexString(c));
        }
        return b.toString();
    }

    @Test
    void emitWritesPackedEncodingsThatMatchTheSpecExample() throws Exception {
        Path x = dir.resolve("a.npy");
        var m = dev.bdsim.fp16.Fp16Matrix.fromDoubles("a", 1, 32, dev.bdsim.quant.SpecWorkedExamplesTest.BLOCK_A);
        Npy.writeFp16(x, 1, 32, m.rawBits());
        Path out = dir.resolve("emit");
        Run r = run("quantize", x.toString(), "-f", "dialectfp4,nvfp4,dialectfp4:encode=quarter", "--emit", out.toString());
        assertEquals(0, r.code(), r.err());
        // block word: dialect 0 (4 bits), exponent field 15 (5 bits), then codes of elements 0..31, MSB first
        int[] specCodes = dev.bdsim.quant.SpecWorkedExamplesTest.codes(dev.bdsim.quant.SpecWorkedExamplesTest.BLOCK_A_TWO_STAGE);
        String hex = Files.readAllLines(out.resolve("dialectfp4.act.blocks.hex")).get(0);
        assertEquals(35, hex.length()); // 4 + 5 + 128 bits
        assertEquals("00f" + hex(specCodes), hex);
        assertEquals("00f" + hex(dev.bdsim.quant.SpecWorkedExamplesTest.codes(dev.bdsim.quant.SpecWorkedExamplesTest.BLOCK_A_TWO_STAGE_QUARTER)),
                Files.readAllLines(out.resolve("dialectfp4.encode-quarter.act.blocks.hex")).get(0));
        byte[] codes = Files.readAllBytes(out.resolve("dialectfp4.act.codes.npy"));
        for (int i = 0; i < 32; i++) {
            assertEquals(specCodes[i], codes[codes.length - 32 + i]);
        }
        assertTrue(Files.exists(out.resolve("dialectfp4.act.dialect.npy")));
        assertTrue(Files.exists(out.resolve("dialectfp4.act.exponent.npy")));
        assertTrue(Files.exists(out.resolve("nvfp4.act.tensor_scale.npy")));
        JsonNode layout = new ObjectMapper().readTree(out.resolve("layout.json").toFile());
        assertEquals(4, layout.path("dialectfp4.act").path("codeBits").asInt());
        assertEquals("exponent", layout.path("dialectfp4.act").path("blockFields").get(1).path("name").asText());
    }

    @Test
    void badInputsGiveOneLineAndExitCode2() throws Exception {
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "not numpy");
        Run r = run("quantize", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("sim: error: " + bad + ": not a .npy file"), r.err());
        assertNoStackTrace(r);

        Run fmt = run("quantize", "traces/layer0.attn_in.npy", "-f", "mxfp5");
        assertEquals(2, fmt.code());
        assertTrue(fmt.err().contains("unknown format 'mxfp5'; choose from"), fmt.err());

        Run k = run("quantize", "traces/layer0.attn_in.npy", "-w", "traces/layer0.ffn_hidden.npy");
        assertEquals(2, k.code());
        assertTrue(k.err().contains("K = 1536") && k.err().contains("K = 384"), k.err());

        Path fbk = dir.resolve("bad.fbk");
        Files.writeString(fbk, "0: 0 1 2 3 4 6 11 15\n1: 0 1 2 3 9 6 9 15\n");
        Run book = run("quantize", "traces/layer0.attn_in.npy", "--formatbook", fbk.toString());
        assertEquals(2, book.code());
        assertTrue(book.err().contains(fbk + ":2: magnitudes must increase strictly"), book.err());
        assertNoStackTrace(book);

        Run opt = run("quantize");
        assertEquals(2, opt.code());
    }
}
