package dev.bdsim.cli;

import dev.bdsim.trace.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code quantize} streams the trace: a trace whose values alone are as large as the heap (and whose doubles would be four
 * times that) is measured in batches, with the same result for any batch size.
 */
class StreamingQuantizeTest {
    @Test
    void aTraceLargerThanTheHeapStreams(@TempDir Path dir) throws Exception {
        int rows = 20000;
        int cols = 768;
        short[] bits = new short[rows * cols];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < bits.length; i++) {
            bits[i] = dev.bdsim.fp16.Fp16.fromDouble(rnd.nextGaussian() * (i % 97 == 0 ? 20 : 1));
        }
        Path trace = dir.resolve("big.npy");
        Npy.writeFp16(trace, rows, cols, bits);
        bits = null;
        Process p = CommandLineTest.sim(List.of("-Xmx40m"), "quantize", trace.toString(), "-f", "int4,nvfp4", "--json").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("\"shape\" : [ " + rows + ", " + cols + " ]"), out);
        Process small = CommandLineTest.sim(List.of("-Xmx40m"), "quantize", trace.toString(), "-f", "int4,nvfp4", "--json", "--batch", "333")
                .start();
        String batched = new String(small.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, small.waitFor(), batched);
        assertEquals(out, batched, "the same numbers whatever the batch");
    }
}
