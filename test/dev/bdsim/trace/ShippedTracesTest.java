package dev.bdsim.trace;

import dev.bdsim.io.InputFiles;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

/** The shipped traces are what their manifest says: checksums, shapes, finite FP16, weights named. */
class ShippedTracesTest {
    @Test
    void everyShippedTensorMatchesItsManifestEntry() throws IOException {
        ShippedTraces shipped = ShippedTraces.load(Path.of("traces"));
        assertEquals(48, shipped.tensors().size());
        assertEquals(24, shipped.linearInputs().size());
        for (ShippedTraces.Entry e : shipped.tensors()) {
            assertEquals(e.sha256(), InputFiles.sha256(e.path()), e.name());
            TensorSource src = Npy.open(e.path());
            assertEquals(TensorSource.DType.F16, src.dtype());
            assertEquals(e.rows(), src.rows());
            assertEquals(e.cols(), src.cols());
            src.readAll(); // finite, or it throws
            assertTrue(e.linears().isEmpty() != e.product().isEmpty(), e.name() + " names the weights or the product it enters");
        }
        ShippedTraces.Entry probs = shipped.tensors().stream().filter(e -> e.name().equals("layer3.attn_probs")).findFirst().orElseThrow();
        ShippedTraces.Entry q = shipped.tensors().stream().filter(e -> e.name().equals("layer3.q")).findFirst().orElseThrow();
        assertEquals(12 * q.rows(), probs.rows(), "a row per sentence, head and query token");
        assertTrue(shipped.manifest().path("source").path("sha256").asText().length() == 64);
        assertEquals(shipped.manifest().path("source").path("sha256").asText(), InputFiles.sha256(Path.of("traces", "corpus.txt")));
    }
}
