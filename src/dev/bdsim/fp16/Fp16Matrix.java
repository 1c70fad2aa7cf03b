package dev.bdsim.fp16;

import dev.bdsim.fp16.Fp16;

/**
 * A 2-D tensor {@code [rows][cols]} of FP16 values in row-major order, as every trace is held
 * after loading. {@code saturated} counts input values whose magnitude exceeded 65504.
 */
public final class Fp16Matrix {
    private final String name;
    private final int rows;
    private final int cols;
    private final short[] bits;
    private final long saturated;

    public Fp16Matrix(String name, int rows, int cols, short[] bits, long saturated) {
        if ((long) rows * cols != bits.length) {
            throw new IllegalArgumentException("shape [" + rows + ", " + cols + "] does not match " + bits.length + " values");
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.bits = bits;
        this.saturated = saturated;
    }

    /** Rounds each value to FP16; the values must be finite. */
    public static Fp16Matrix fromDoubles(String name, int rows, int cols, double[] values) {
        short[] bits = new short[values.length];
        long saturated = 0;
        for (int i = 0; i < values.length; i++) {
            if (Fp16.saturates(values[i])) {
                saturated++;
            }
            bits[i] = Fp16.fromDouble(values[i]);
        }
        return new Fp16Matrix(name, rows, cols, bits, saturated);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public long saturated() {
        return saturated;
    }

    public short bits(int row, int col) {
        return bits[row * cols + col];
    }

    public double value(int row, int col) {
        return Fp16.toDouble(bits[row * cols + col]);
    }

    /** The backing array (row-major); callers must not modify it. */
    public short[] rawBits() {
        return bits;
    }

    public double[] toDoubles() {
        double[] out = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = Fp16.toDouble(bits[i]);
        }
        return out;
    }

    /** The largest magnitude of any element, as FP16 bits without the sign (FP16 magnitudes order like integers). */
    public int maxMagnitudeBits() {
        int amax = 0;
        for (short h : bits) {
            amax = Math.max(amax, h & 0x7fff);
        }
        return amax;
    }
}
