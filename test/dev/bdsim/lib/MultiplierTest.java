package dev.bdsim.lib;

import dev.bdsim.kernel.Activity;
import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.kernel.Simulator;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The partial products a multiplier counts as its internal toggles, for its switching energy. */
class MultiplierTest {
    /** The flips of the a x b partial-product bits, counted one by one. */
    private static long flipsOneByOne(long a0, long b0, long a1, long b1, int aBits, int bBits) {
        long flips = 0;
        for (int i = 0; i < aBits; i++) {
            for (int j = 0; j < bBits; j++) {
                long before = (a0 >> i) & (b0 >> j) & 1;
                long after = (a1 >> i) & (b1 >> j) & 1;
                flips += before ^ after;
            }
        }
        return flips;
    }

    @Test
    void partialProductTogglesAreTheFlipsOfEveryAndOfTheArray() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 20_000; n++) {
            long a0 = random.nextLong(1 << 7);
            long b0 = random.nextLong(1 << 5);
            long a1 = random.nextLong(1 << 7);
            long b1 = random.nextLong(1 << 5);
            assertEquals(flipsOneByOne(a0, b0, a1, b1, 7, 5), Multiplier.partialProductToggles(a0, b0, a1, b1));
        }
        // 0b11 x 0b01 -> 0b10 x 0b11: (0,0) 1 -> 0, (1,0) 1 -> 1, (1,1) 0 -> 1: two flips
        assertEquals(2, Multiplier.partialProductToggles(0b11, 0b01, 0b10, 0b11));
    }

    /** Signed operands in a circuit, on both engines: the state toggles are the partial products of their two's-complement bits. */
    @Test
    void aMultiplierCountsItsPartialProductsOnBothEngines() {
        long[][] operands = {{-1, 3}, {-1, 3}, {2, -8}, {0, -8}, {7, 7}, {-8, 1}};
        for (Simulator.Engine engine : Simulator.Engine.values()) {
            if (engine == Simulator.Engine.FUNCTIONAL) {
                continue;
            }
            Circuit c = new Circuit();
            SignalType s4 = SignalType.signed(4);
            Multiplier m = c.add(new Multiplier("m", s4, s4, 2, false));
            int[] a = {c.net("a0", s4), c.net("a1", s4)};
            int[] b = {c.net("b0", s4), c.net("b1", s4)};
            int[] p = {c.net("p0", SignalType.signed(8)), c.net("p1", SignalType.signed(8))};
            for (int l = 0; l < 2; l++) {
                c.connect(m.port("a"), l, a[l]);
                c.connect(m.port("b"), l, b[l]);
                c.connect(m.port("p"), l, p[l]);
            }
            Simulator sim = new Simulator(c, engine);
            long expected = 0;
            long[] lastA = new long[2];
            long[] lastB = new long[2];
            for (long[] step : operands) {
                for (int l = 0; l < 2; l++) {
                    // lane 1 multiplies the negated operands
                    long x = l == 0 ? step[0] : Math.max(-8, -step[0]);
                    long y = l == 0 ? step[1] : Math.max(-8, -step[1]);
                    sim.set(a[l], x);
                    sim.set(b[l], y);
                    expected += flipsOneByOne(lastA[l], lastB[l], x & 15, y & 15, 4, 4);
                    lastA[l] = x & 15;
                    lastB[l] = y & 15;
                }
                sim.tick();
                assertEquals(step[0] * step[1], sim.value(p[0]).longValueExact(), engine + ": product");
            }
            Activity activity = sim.activity().stream().filter(x -> x.instance().equals("m")).findFirst().orElseThrow();
            assertEquals(expected, activity.stateToggles(), engine + ": partial products flipped");
        }
    }
}
