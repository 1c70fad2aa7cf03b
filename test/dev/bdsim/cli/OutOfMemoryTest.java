package dev.bdsim.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running out of memory ends in one line that says what to raise, never a stack trace. */
class OutOfMemoryTest {
    @Test
    void aHeapTooSmallForTheModelIsOneLine() throws Exception {
        Process p = CommandLineTest.sim(List.of("-Xmx24m"), "quantize", "traces/layer0.attn_in.npy",
                "-w", "minilm:layer.0.attention.self.query").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("sim: out of memory") && out.contains("BDSIM_JAVA_OPTS=-Xmx8g"), out);
        assertFalse(out.contains("\tat ") || out.contains("Exception in thread"), out);
    }
}
