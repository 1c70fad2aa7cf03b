package dev.bdsim.cli;

import dev.bdsim.trace.Npy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutated inputs of every kind the commands read, run through the command line: each run must succeed
 * (0), report a check failure (3), or refuse the input with one message and exit 2; never an
 * internal error, a stack trace, or a hang. Seeded; {@code -Dfuzz.iterations=N -Dfuzz.seed=S} runs more.
 */
class InputFuzzTest {
    private static final String[] TOKENS = {"0", "-1", "1e308", "NaN", "99999999999999999999", "\n", ",", ":", "\"", "'", "{", "}",
        "[", "]", "=", "#", "\u0000", "é", "\t", " ", "0x", "-", "9223372036854775807", "..", "/", "*"};

    /** An input kind: the file it starts from and the command that reads a mutated copy. */
    enum Kind {
        NPY("t.npy", 40) {
            @Override
            byte[] seed() throws IOException {
                Path tmp = Files.createTempFile("seed", ".npy");
                short[] bits = new short[4 * 64];
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = (short) (0x3c00 + i * 7);
                }
                Npy.writeFp16(tmp, 4, 64, bits);
                byte[] b = Files.readAllBytes(tmp);
                Files.delete(tmp);
                return b;
            }

            @Override
            String[] command(Path f) {
                return new String[] {"quantize", f.toString(), "-f", "int4,dialectfp4"};
            }
        },
        SAFETENSORS("t.safetensors", 40) {
            @Override
            byte[] seed() {
                String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2,32],\"data_offsets\":[0,256]}}";
                byte[] h = header.getBytes(StandardCharsets.UTF_8);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.putLong(h.length).put(h);
                for (int i = 0; i < 64; i++) {
                    b.putFloat(i * 0.25f - 4);
                }
                return b.array();
            }

            @Override
            String[] command(Path f) {
                return new String[] {"quantize", f.toString(), "-f", "mxfp4"};
            }
        },
        NETLIST("n.bdn", 40) {
            @Override
            byte[] seed() throws IOException {
                return Files.readAllBytes(Path.of("rtl-models/examples/pipeline.bdn"));
            }

            @Override
            String[] command(Path f) {
                return new String[] {"run", f.toString(), "--cycles", "3"};
            }
        },
        STIMULUS("s.stim", 40) {
            @Override
            byte[] seed() throws IOException {
                return Files.readAllBytes(Path.of("rtl-models/examples/counter.stim"));
            }

            @Override
            String[] command(Path f) {
                return new String[] {"run", "rtl-models/examples/counter.bdn", "--stimulus", f.toString()};
            }
        },
        SPEC("spec.yaml", 15) {
            @Override
            byte[] seed() {
                return ("name: fuzz\ntraces:\n  activations: traces/layer0.attn_in.npy\n  tokens: 1\n  weights: traces/layer1.ffn_in.npy\n"
                        + "  weight_rows: 2\ngrid:\n  format: [int4]\n  lanes: [8]\n  acc: [fp32]\nmetrics: [cycles]\n").getBytes(StandardCharsets.UTF_8);
            }

            @Override
            String[] command(Path f) {
                return new String[] {"sweep", f.toString(), "-o", f.resolveSibling("out").toString()};
            }
        },
        FORMATBOOK("book.fbk", 40) {
            @Override
            byte[] seed() throws IOException {
                return Files.readAllBytes(Path.of("rtl-models/formatbooks/dialectfp4.fbk"));
            }

            @Override
            String[] command(Path f) {
                return new String[] {"quantize", "traces/layer0.q.npy", "-f", "dialectfp4-exh", "--formatbook", f.toString()};
            }
        },
        TECH("lib.tech", 40) {
            @Override
            byte[] seed() throws IOException {
                return Files.readAllBytes(Path.of("rtl-models/tech/45nm.tech"));
            }

            @Override
            String[] command(Path f) {
                return new String[] {"cost", "rtl-models/examples/counter.bdn", "--cycles", "5", "--tech", f.toString()};
            }
        },
        GOLDEN("int4.golden", 40) {
            @Override
            byte[] seed() throws IOException {
                return Files.readAllBytes(Path.of("traces/golden/int4.golden"));
            }

            @Override
            String[] command(Path f) {
                return new String[] {"golden", "verify", f.toString()};
            }
        };

        final String file;
        final int iterations;

        Kind(String file, int iterations) {
            this.file = file;
            this.iterations = iterations;
        }

        abstract byte[] seed() throws IOException;

        abstract String[] command(Path file);
    }

    static byte[] mutate(byte[] b, Random rnd) {
        byte[] out = b;
        for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
            int at = out.length == 0 ? 0 : rnd.nextInt(out.length);
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    out = out.clone();
                    if (out.length > 0) {
                        out[at] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> out = Arrays.copyOf(out, at);
                case 2 -> {
                    int len = Math.min(out.length - at, 1 + rnd.nextInt(16));
                    byte[] r = new byte[out.length - len];
                    System.arraycopy(out, 0, r, 0, at);
                    System.arraycopy(out, at + len, r, at, out.length - at - len);
                    out = r;
                }
                default -> {
                    byte[] t = TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                    byte[] r = new byte[out.length + t.length];
                    System.arraycopy(out, 0, r, 0, at);
                    System.arraycopy(t, 0, r, at, t.length);
                    System.arraycopy(out, at, r, at + t.length, out.length - at);
                    out = r;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mutatedInputsSucceedOrAreRefusedWithOneMessage(Kind kind, @TempDir Path dir) throws IOException {
        Random rnd = new Random(Long.getLong("fuzz.seed", 20261201) + kind.ordinal());
        byte[] seed = kind.seed();
        int iterations = Integer.getInteger("fuzz.iterations", kind.iterations);
        List<String> failures = new ArrayList<>();
        java.util.Map<Integer, Integer> exits = new java.util.TreeMap<>();
        for (int i = 0; i < iterations && failures.size() < 3; i++) {
            Path case_ = dir.resolve("case" + i);
            Files.createDirectories(case_);
            Path f = case_.resolve(kind.file);
            byte[] input = mutate(seed, rnd);
            Files.write(f, input);
            CommandLineTest.Run r = CommandLineTest.run(kind.command(f));
            exits.merge(r.code(), 1, Integer::sum);
            boolean ok = r.code() == 0 || r.code() == 3
                    || r.code() == 2 && r.err().startsWith("sim: error: ") && !r.err().contains("\tat ") && !r.err().contains("Exception");
            if (!ok) {
                failures.add(kind + " case " + i + " exit " + r.code() + ": " + r.err().lines().findFirst().orElse("")
                        + "\n  input: " + new String(input, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?")
                        .substring(0, Math.min(300, input.length)));
            }
        }
        System.out.println("fuzz " + kind + ": " + iterations + " cases, exit codes " + exits);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    private static final String[][] COMMANDS = {
        {"quantize", "traces/layer0.q.npy"}, {"run", "rtl-models/examples/counter.bdn"}, {"gemm", "--tokens", "1"},
        {"cost", "rtl-models/examples/counter.bdn", "--cycles", "3"}, {"golden", "verify", "traces/golden/int4.golden"}};
    private static final String[] OPTIONS = {"-f", "-b", "--acc", "--param", "--tokens", "--cycles", "--tech", "--clock", "-w",
        "--stimulus", "--top", "--dump", "--ties", "--formatbook", "--json", "--check", "--breakdown", "--all", "--batch", "-x"};
    private static final String[] VALUES = {"0", "-1", "8", "99999999999999999999", "fixed:0:0", "fixed:128:4", "fixed:24:8:wrap",
        "LANES=0", "LANES=3", "DEPTH=99", "X", "=", "", "nvfp4@7", "dialectfp4:encode=", "int4,,", "1e-300Hz", "7nm", "/dev/null",
        "traces", "flat", "away", "minilm:nope", "\u0000", "mxfp4@0"};

    @org.junit.jupiter.api.Test
    void randomCommandLinesSucceedOrAreRefusedWithoutAStackTrace() {
        Random rnd = new Random(Long.getLong("fuzz.seed", 20261201));
        List<String> failures = new ArrayList<>();
        java.util.Map<Integer, Integer> exits = new java.util.TreeMap<>();
        int iterations = Integer.getInteger("fuzz.iterations", 120);
        for (int i = 0; i < iterations && failures.size() < 3; i++) {
            List<String> args = new ArrayList<>(List.of(COMMANDS[rnd.nextInt(COMMANDS.length)]));
            for (int k = rnd.nextInt(4); k > 0; k--) {
                args.add(OPTIONS[rnd.nextInt(OPTIONS.length)]);
                if (rnd.nextInt(4) > 0) {
                    args.add(VALUES[rnd.nextInt(VALUES.length)]);
                }
            }
            CommandLineTest.Run r = CommandLineTest.run(args.toArray(String[]::new));
            exits.merge(r.code(), 1, Integer::sum);
            boolean ok = (r.code() == 0 || r.code() == 2 || r.code() == 3) && !r.err().contains("\tat ")
                    && !r.err().contains("internal error");
            if (!ok) {
                failures.add(String.join(" ", args) + " -> exit " + r.code() + ": " + r.err().lines().findFirst().orElse(""));
            }
        }
        System.out.println("fuzz CLI: " + iterations + " command lines, exit codes " + exits);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }
}
