package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input files are read only when they are regular files of a bounded size, and may start with a byte-order mark. */
class InputFilesTest {
    static void refused(CommandLineTest.Run r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        CommandLineTest.assertNoStackTrace(r);
    }

    @Test
    void devicesDirectoriesAndHugeFilesAreRefusedNotRead(@TempDir Path dir) throws Exception {
        refused(CommandLineTest.run("run", "/dev/zero"), "/dev/zero: not a regular file; give a netlist file");
        refused(CommandLineTest.run("run", dir.toString()), dir + ": not a regular file; give a netlist file");
        refused(CommandLineTest.run("run", "rtl-models/examples/counter.bdn", "--stimulus", "/dev/zero"),
                "/dev/zero: not a regular file; give a stimulus file");
        Path importsZero = Files.writeString(dir.resolve("z.bdn"), "import \"/dev/zero\"\nmodule m { in a : u1 }\n");
        refused(CommandLineTest.run("run", importsZero.toString()), "/dev/zero: not a regular file");
        Path big = dir.resolve("big.bdn");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), (64L << 20) + 1); // sparse: no real disk space
        }
        refused(CommandLineTest.run("run", big.toString()), "bytes is more than a netlist file may hold");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheText(@TempDir Path dir) throws Exception {
        Path bom = dir.resolve("counter.bdn");
        Files.writeString(bom, "\uFEFF" + Files.readString(Path.of("rtl-models/examples/counter.bdn")));
        CommandLineTest.Run r = CommandLineTest.run("run", bom.toString(), "--cycles", "2");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void errorsQuoteAShortSanitisedExcerptOfAFileNeverItsLines(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:$6$verysecretpasswordhash\u001b[2J:0:0:root:/root:/bin/bash\n");
        CommandLineTest.Run r = CommandLineTest.run("run", "rtl-models/examples/counter.bdn", "--stimulus", secret.toString());
        refused(r, "expected an input name like a or b[3]");
        assertTrue(!r.err().contains("verysecretpasswordhash") && !r.err().contains("\u001b"), r.err());
    }

    /**
     * A file given or imported as an input it is not named as (--stimulus /etc/shadow, import "/etc/passwd") never has its
     * text in an error; the same bad line in a file named as that input is quoted, sanitised and short.
     */
    @Test
    void onlyAFileNamedAsThatKindOfInputIsQuoted(@TempDir Path dir) throws Exception {
        String secret = "hunter2";
        java.util.function.BiFunction<String, String, Path> file = (name, text) -> {
            try {
                return Files.writeString(dir.resolve(name), text);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        record Case(String kind, String line, java.util.function.Function<Path, String[]> command) {
        }
        Path npy = Path.of("traces/layer0.attn_in.npy");
        List<Case> cases = List.of(
                new Case("stim", secret + "\n", p -> new String[] {"run", "rtl-models/examples/counter.bdn", "--stimulus", p.toString()}),
                new Case("bdn", secret + "\n", p -> new String[] {"run", p.toString()}),
                new Case("fbk", secret + ": 0 1 2 3 4 6 11 15\n", p -> new String[] {"quantize", npy.toString(), "--formatbook", p.toString()}),
                new Case("tech", "ge_area_um2 = " + secret + "\n", p -> new String[] {"cost", "rtl-models/datapaths/int8.bdn", "--tech", p.toString()}),
                new Case("yaml", "name: demo\n" + secret + ": 1\n", p -> new String[] {"sweep", p.toString(), "-o", dir.resolve("o").toString()}),
                new Case("golden", "[" + secret + "]\n", p -> new String[] {"golden", "verify", p.toString()}));
        for (Case c : cases) {
            Path wrongName = file.apply("input-" + c.kind() + ".txt", c.line());
            CommandLineTest.Run hidden = CommandLineTest.run(c.command().apply(wrongName));
            assertEquals(2, hidden.code(), c.kind() + ": " + hidden.err());
            assertTrue(!hidden.err().contains(secret) && hidden.err().contains("[not shown: not a ." + c.kind()), c.kind() + ": " + hidden.err());
            CommandLineTest.assertNoStackTrace(hidden);

            Path rightName = file.apply("input." + c.kind(), c.line());
            CommandLineTest.Run quoted = CommandLineTest.run(c.command().apply(rightName));
            assertEquals(2, quoted.code(), c.kind() + ": " + quoted.err());
            assertTrue(quoted.err().contains(secret), c.kind() + ": a file named as the input is quoted: " + quoted.err());
        }
        Path importer = file.apply("imports.bdn", "import \"input-bdn.txt\"\nmodule m {\n}\n");
        CommandLineTest.Run imported = CommandLineTest.run("run", importer.toString());
        assertTrue(!imported.err().contains(secret) && imported.err().contains("[not shown: not a .bdn file]"), imported.err());
        Path lutNetlist = file.apply("lut.bdn", "module m {\n  in a : u1\n  out y : u4\n  inst t = Lut(in_bits = 1, width = 4, file = \"input-bdn.txt\")\n"
                + "  a -> t.a\n  t.y -> y\n}\n");
        CommandLineTest.Run lut = CommandLineTest.run("run", lutNetlist.toString());
        assertTrue(!lut.err().contains(secret) && lut.err().contains("[not shown: not a .lut or .hex or .mem file]"), lut.err());
    }

    @Test
    void stimulusValuesMayBeWiderThan64Bits(@TempDir Path dir) throws Exception {
        Path netlist = Files.writeString(dir.resolve("wide.bdn"), "module w {\n  in a : u100\n  out y : u100\n  a -> y\n}\n");
        Path stim = Files.writeString(dir.resolve("wide.stim"), "a\n0xFFFFFFFFFFFFFFFFFFFFFFFFF\n1267650600228229401496703205375\n");
        CommandLineTest.Run r = CommandLineTest.run("run", netlist.toString(), "--stimulus", stim.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("y = 1267650600228229401496703205375"), r.out());
        Files.writeString(stim, "a\n0x1FFFFFFFFFFFFFFFFFFFFFFFFF\n");
        refused(CommandLineTest.run("run", netlist.toString(), "--stimulus", stim.toString()), "does not fit u100");
    }
}
