package dev.bdsim.format;

import dev.bdsim.fp16.Fp16;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Fp16Test {
    @Test
    void everyFiniteFp16RoundTrips() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            if (!Fp16.isFinite(h)) {
                continue;
            }
            assertEquals(h, Fp16.fromDouble(Fp16.toDouble(h)), "bits " + bits);
        }
    }

    @Test
    void midpointsRoundToEvenAndNeighboursToNearest() {
        for (int bits = 0; bits < 0x7bff; bits++) {
            double lo = Fp16.toDouble((short) bits);
            double hi = Fp16.toDouble((short) (bits + 1));
            double mid = (lo + hi) / 2;
            int even = (bits & 1) == 0 ? bits : bits + 1;
            assertEquals((short) even, Fp16.fromDouble(mid), "tie above " + bits);
            assertEquals((short) bits, Fp16.fromDouble(Math.nextDown(mid)));
            assertEquals((short) (bits + 1), Fp16.fromDouble(Math.nextUp(mid)));
            assertEquals((short) (bits | 0x8000), Fp16.fromDouble(-Math.nextDown(mid)));
        }
    }

    @Test
    void saturatesAbove65504() {
        assertEquals((short) 0x7bff, Fp16.fromDouble(65519.0));
        assertEquals((short) 0x7bff, Fp16.fromDouble(1e9));
        assertEquals((short) 0xfbff, Fp16.fromDouble(-70000));
        assertTrue(Fp16.saturates(65504.5));
        assertEquals(false, Fp16.saturates(65504));
    }

    @Test
    void magnitudeUnitsAndFloorLog2AreExact() {
        for (int bits = 1; bits < 0x7c00; bits++) {
            short h = (short) bits;
            double v = Fp16.toDouble(h);
            assertEquals(v, Math.scalb((double) Fp16.magnitudeUnits(h), -24));
            assertEquals(Math.getExponent(v), Fp16.floorLog2(h));
        }
    }
}
