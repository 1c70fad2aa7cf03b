package dev.bdsim.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped traces are what their manifest says: checksums, shapes, finite FP16, weights named. */
class ShippedTracesTest {
    @Test
    void everyShippedTensorMatchesItsManifestEntry() throws IOException {
        ShippedTraces shipped = ShippedTraces.load(Path.of("traces"));
        assertEquals(24, shipped.tensors().size());
        for (ShippedTraces.Entry e : shipped.tensors()) {
            assertEquals(e.sha256(), ShippedTraces.sha256(e.path()), e.name());
            TensorSource src = Npy.open(e.path());
            assertEquals(TensorSource.DType.F16, src.dtype());
            assertEquals(e.rows(), src.rows());
            assertEquals(e.cols(), src.cols());
            src.readAll(); // finite, or it throws
            assertFalse(e.linears().isEmpty(), e.name() + " names the weights it multiplies");
        }
        assertTrue(shipped.manifest().path("source").path("sha256").asText().length() == 64);
        assertEquals(shipped.manifest().path("source").path("sha256").asText(), ShippedTraces.sha256(Path.of("traces", "corpus.txt")));
    }
}
