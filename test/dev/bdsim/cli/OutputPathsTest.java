package dev.bdsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Results go where they can be written, special files stay special, and every mistake is one clear line. */
class OutputPathsTest {
    static final String COUNTER = "rtl-models/examples/counter.bdn";

    static void refused(CommandLineTest.Run r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        CommandLineTest.assertNoStackTrace(r);
    }

    @Test
    void outputsThatCannotBeFilesAreClearErrors(@TempDir Path dir) throws Exception {
        refused(CommandLineTest.run("run", COUNTER, "--vcd", dir.toString()), dir + " is a directory; give a file name to write");
        Files.writeString(dir.resolve("f"), "a file, not a folder");
        refused(CommandLineTest.run("run", COUNTER, "--outputs", dir.resolve("f").resolve("x.csv").toString()), "cannot write " + dir.resolve("f"));
        Path file = Files.writeString(dir.resolve("plain.txt"), "keep me");
        refused(CommandLineTest.run("sweep", "rtl-models/sweeps/demo.yaml", "-o", file.toString()),
                file + " exists and is not a directory");
        assertEquals("keep me", Files.readString(file), "the file is left alone");
    }

    @Test
    void aSpecialFileIsWrittenInPlaceNotReplaced() {
        Path devNull = Path.of("/dev/null");
        CommandLineTest.Run r = CommandLineTest.run("run", COUNTER, "--vcd", devNull.toString(), "--cycles", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(!Files.isRegularFile(devNull) && Files.exists(devNull), "/dev/null is still a device");
        if (Files.exists(Path.of("/dev/full"))) {
            refused(CommandLineTest.run("run", COUNTER, "--vcd", "/dev/full", "--cycles", "3"),
                    "cannot write /dev/full (no space left on the device)");
        }
    }

    @Test
    void gemmParametersItSetsItselfAndImpossibleValuesAreRefused() {
        refused(CommandLineTest.run("gemm", "--tokens", "1", "--param", "LANES=0"), "--param LANES=0 must be a positive integer");
        refused(CommandLineTest.run("gemm", "--tokens", "1", "--param", "W_WORDS=5"), "--param W_WORDS is set from the weights");
        refused(CommandLineTest.run("gemm", "--tokens", "1", "--param", "ACC_WIDTH=12"), "choose the accumulator with --acc");
        refused(CommandLineTest.run("gemm", "--tokens", "1", "--clock", "1e-300Hz"), "is not a frequency from 1 kHz to 1 THz");
    }
}
