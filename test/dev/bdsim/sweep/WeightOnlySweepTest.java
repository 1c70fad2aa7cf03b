package dev.bdsim.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weight-only formats in a datapath sweep: no activation quantizer, so its energy and area are zero, as FP16's are. */
class WeightOnlySweepTest {
    @Test
    void weightOnlyPointsHaveNoQuantizerCost(@TempDir Path dir) throws Exception {
        SweepSpec spec = SweepTest.spec(dir, """
                name: wq
                traces:
                  activations: traces/layer0.attn_in.npy
                  tokens: 2
                  weights: traces/layer1.ffn_in.npy
                  weight_rows: 4
                grid:
                  format: [nf4, hqq-int4, mxfp4]
                  lanes: [16]
                metrics: [energy_pj_per_mac, quantizer_pj_per_mac, energy_pj_per_mac_with_quantizer, quantizer_area_um2]
                """);
        List<PointResult> results = SweepRunner.run(spec, Path.of(""), dir.resolve("out"), 2, (d, t, s) -> { }, 0).results();
        for (PointResult r : results.subList(0, 2)) {
            assertEquals(0.0, r.metric(SweepMetrics.QUANTIZER_AREA), r.point().format());
            assertEquals(r.metric("energy_pj_per_mac"), r.metric("energy_pj_per_mac_with_quantizer"), r.point().format());
        }
        assertTrue(results.get(2).metric("energy_pj_per_mac_with_quantizer") > results.get(2).metric("energy_pj_per_mac"), "MXFP4 quantizes");
    }
}
