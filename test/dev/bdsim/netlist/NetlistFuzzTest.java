package dev.bdsim.netlist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates the shipped netlists at random and elaborates the results: the parser and elaborator
 * must return a netlist (which then simulates) or report a {@code file:line:col} error, nothing else.
 */
class NetlistFuzzTest {
    private static final Pattern LOCATED = Pattern.compile("^.+:\\d+:\\d+: \\S.*", Pattern.DOTALL);
    private static final String[] TOKENS = {
        "{", "}", "(", ")", "[", "]", "->", "..", ",", ";", "\n", "0", "1", "99999999999999999999", "-1", "65'd1", "8'hFF",
        "u0", "s200", "u{N}", "inst", "module", "for", "if", "else", "in", "out", "wire", "let", "x", "lanes", "width",
        "\"", "/*", "//", "#", "=", "clock", "reset", "import \"x.bdn\"", "~", "+", "-", "*", "/", "%", "<<", "'", "@",
        "\t", "pow2(70)", "clog2(0)", "1/0", "sext(", "trunc(", "[3:0]", "[0]", ".q", "Register(width = 8)", "Adder",
        "9223372036854775807", "{a, b}", "é", "\u0000"
    };

    @Test
    void mutatedNetlistsElaborateOrFailWithALocatedMessage(@TempDir Path dir) throws IOException {
        Path examples = dir.resolve("examples");
        Path benchDir = dir.resolve("bench");
        Files.createDirectories(examples);
        Files.createDirectories(benchDir);
        List<Path> seeds = new ArrayList<>();
        for (String name : List.of("counter.bdn", "pipeline.bdn", "adder_tree.bdn", "fifo.bdn")) {
            Files.copy(NetlistCircuitsTest.EXAMPLES.resolve(name), examples.resolve(name));
            seeds.add(examples.resolve(name));
        }
        Files.copy(Path.of("rtl-models", "bench", "lanes32.bdn"), benchDir.resolve("lanes32.bdn"));
        seeds.add(benchDir.resolve("lanes32.bdn"));

        Random rnd = new Random(Long.getLong("fuzz.seed", 20261123));
        int elaborated = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < Integer.getInteger("fuzz.iterations", 3000); iteration++) {
            Path seed = seeds.get(rnd.nextInt(seeds.size()));
            String text = Files.readString(seed);
            int mutations = 1 + rnd.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, rnd);
            }
            Path file = seed.resolveSibling("fuzz.bdn");
            Files.writeString(file, text);
            try {
                Netlist n = Elaborator.elaborate(file, null, Map.of());
                new Testbench(n).run(3);
                elaborated++;
            } catch (NetlistException e) {
                rejected++;
                assertTrue(LOCATED.matcher(e.getMessage()).matches(), "not located: " + e.getMessage());
                assertTrue(e.getMessage().startsWith(dir.toString()), "names the file: " + e.getMessage());
            } catch (Throwable t) {
                fail("iteration " + iteration + " threw " + t + " for:\n" + text, t);
            }
        }
        assertTrue(elaborated > 100, "some mutations still elaborate: " + elaborated);
        assertTrue(rejected > 1000, "most mutations are rejected: " + rejected);
    }

    private static String mutate(String text, Random rnd) {
        if (text.isEmpty()) {
            return TOKENS[rnd.nextInt(TOKENS.length)];
        }
        int at = rnd.nextInt(text.length());
        switch (rnd.nextInt(6)) {
            case 0:
                return text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + rnd.nextInt(10)));
            case 1:
                return text.substring(0, at) + TOKENS[rnd.nextInt(TOKENS.length)] + text.substring(at);
            case 2: {
                List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
                int i = rnd.nextInt(lines.size());
                lines.add(rnd.nextInt(lines.size()), lines.get(i));
                return String.join("\n", lines);
            }
            case 3: {
                List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
                int i = rnd.nextInt(lines.size());
                int j = rnd.nextInt(lines.size());
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
                return String.join("\n", lines);
            }
            case 4: {
                int digit = -1;
                for (int k = 0; k < text.length(); k++) {
                    int p = (at + k) % text.length();
                    if (Character.isDigit(text.charAt(p))) {
                        digit = p;
                        break;
                    }
                }
                if (digit < 0) {
                    return text;
                }
                String[] numbers = {"0", "1", "2", "7", "16", "64", "65", "129", "4096", "65536", "65537"};
                return text.substring(0, digit) + numbers[rnd.nextInt(numbers.length)] + text.substring(digit + 1);
            }
            default: {
                List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
                lines.remove(rnd.nextInt(lines.size()));
                return String.join("\n", lines);
            }
        }
    }
}
