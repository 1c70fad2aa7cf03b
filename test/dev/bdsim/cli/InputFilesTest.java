package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
