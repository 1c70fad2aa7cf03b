package dev.bdsim.testutil;

import dev.bdsim.fp16.Fp16Matrix;

import java.util.Random;

/** Seeded test tensors shaped like LLM activations: Gaussian bulk, a few large outliers, some zeros. */
public final class Tensors {
    private Tensors() {}

    public static Fp16Matrix activations(long seed, int rows, int cols) {
        Random rnd = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double g = rnd.nextGaussian();
            int kind = rnd.nextInt(100);
            if (kind < 2) {
                g *= 40; // outlier channels
            } else if (kind < 5) {
                g = 0;
            } else if (kind < 8) {
                g *= 1e-4; // tiny values, subnormal after scaling
            }
            v[i] = g;
        }
        return Fp16Matrix.fromDoubles("random" + seed, rows, cols, v);
    }
}
