package dev.bdsim.arith;

import java.math.BigInteger;

/**
 * One output's accumulator: block sums {@code p * 2^exponent} are added in K order. The functional
 * GEMM and the accumulator hardware component share it, so both round and overflow alike.
 */
public abstract class Accumulator {
    public abstract void reset();

    public abstract void add(long p, int exponent);

    public abstract void add(BigInteger p, int exponent);

    /** Adds {@code p * 2^exponent} for a 128-bit two's complement {@code p = high:low}. */
    public final void add(long low, long high, int exponent) {
        if (high == low >> 63) {
            add(low, exponent);
        } else {
            add(BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low))), exponent);
        }
    }

    public abstract float result();

    /** The register's bits: the FP32 encoding, or the fixed-point two's complement value. */
    public abstract long resultBits();

    /** Adds that overflowed the accumulator since it was created. */
    public long overflows() {
        return 0;
    }

    /** The value a register holding {@code bits} (as {@link #resultBits()} gives them) stands for. */
    public static float valueOf(AccumulatorSpec spec, long bits) {
        if (spec.kind() == AccumulatorSpec.Kind.FP32) {
            return Float.intBitsToFloat((int) bits);
        }
        int unused = 64 - spec.width();
        return ExactScale.toFloat((bits << unused) >> unused, -spec.fractionBits());
    }

    public static Accumulator create(AccumulatorSpec spec) {
        return new Single(bank(spec, 1));
    }

    /** {@code size} accumulators of {@code spec} side by side, in arrays: what a functional GEMM's tile of outputs adds into. */
    public static Bank bank(AccumulatorSpec spec, int size) {
        return spec.kind() == AccumulatorSpec.Kind.FP32 ? new Fp32Bank(size) : new FixedBank(spec, size);
    }

    /** Accumulators side by side; accumulator {@code i} adds, rounds and overflows exactly as one {@link Accumulator} does. */
    public abstract static class Bank {
        /** Every accumulator to zero (overflows keep counting). */
        public abstract void reset();

        public abstract void add(int i, long p, int exponent);

        public abstract void add(int i, BigInteger p, int exponent);

        public abstract float result(int i);

        public abstract long resultBits(int i);

        /** Adds that overflowed any of the accumulators since the bank was created. */
        public long overflows() {
            return 0;
        }
    }

    static final class Fp32Bank extends Bank {
        private final float[] acc;

        Fp32Bank(int size) {
            acc = new float[size];
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(acc, 0f);
        }

        @Override
        public void add(int i, long p, int exponent) {
            acc[i] += ExactScale.toFloat(p, exponent);
        }

        @Override
        public void add(int i, BigInteger p, int exponent) {
            acc[i] += ExactScale.toFloat(p, exponent);
        }

        @Override
        public float result(int i) {
            return acc[i];
        }

        @Override
        public long resultBits(int i) {
            return Float.floatToRawIntBits(acc[i]) & 0xFFFF_FFFFL;
        }
    }

    static final class FixedBank extends Bank {
        private final int fraction;
        private final boolean wrap;
        private final BigInteger min;
        private final BigInteger max;
        private final BigInteger modulus;
        private final long minLong;
        private final long maxLong;
        private final long[] acc;
        private long overflows;

        FixedBank(AccumulatorSpec spec, int size) {
            this.fraction = spec.fractionBits();
            this.wrap = spec.wrap();
            this.min = BigInteger.ONE.shiftLeft(spec.width() - 1).negate();
            this.max = BigInteger.ONE.shiftLeft(spec.width() - 1).subtract(BigInteger.ONE);
            this.modulus = BigInteger.ONE.shiftLeft(spec.width());
            this.minLong = min.longValue();
            this.maxLong = max.longValue();
            this.acc = new long[size];
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(acc, 0);
        }

        @Override
        public void add(int i, long p, int exponent) {
            int shift = exponent + fraction;
            long aligned;
            if (shift <= 0) {
                aligned = shift <= -63 ? (p < 0 ? -1 : 0) : p >> -shift;
            } else if (shift < 62 && p != Long.MIN_VALUE && Math.abs(p) < (1L << (62 - shift))) {
                aligned = p << shift;
            } else {
                add(i, BigInteger.valueOf(p), exponent);
                return;
            }
            long a = acc[i];
            long sum = a + aligned;
            boolean longOverflow = ((a ^ sum) & (aligned ^ sum)) < 0;
            if (longOverflow || sum < minLong || sum > maxLong) {
                add(i, BigInteger.valueOf(p), exponent);
                return;
            }
            acc[i] = sum;
        }

        @Override
        public void add(int i, BigInteger p, int exponent) {
            int shift = exponent + fraction;
            BigInteger aligned = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            BigInteger sum = BigInteger.valueOf(acc[i]).add(aligned);
            if (sum.compareTo(min) < 0 || sum.compareTo(max) > 0) {
                overflows++;
                if (wrap) {
                    sum = sum.subtract(min).mod(modulus).add(min);
                } else {
                    sum = sum.signum() < 0 ? min : max;
                }
            }
            acc[i] = sum.longValue();
        }

        @Override
        public float result(int i) {
            return ExactScale.toFloat(acc[i], -fraction);
        }

        @Override
        public long resultBits(int i) {
            return acc[i];
        }

        @Override
        public long overflows() {
            return overflows;
        }
    }

    /** One accumulator: a bank of one. */
    private static final class Single extends Accumulator {
        private final Bank one;

        Single(Bank one) {
            this.one = one;
        }

        @Override
        public void reset() {
            one.reset();
        }

        @Override
        public void add(long p, int exponent) {
            one.add(0, p, exponent);
        }

        @Override
        public void add(BigInteger p, int exponent) {
            one.add(0, p, exponent);
        }

        @Override
        public float result() {
            return one.result(0);
        }

        @Override
        public long resultBits() {
            return one.resultBits(0);
        }

        @Override
        public long overflows() {
            return one.overflows();
        }
    }
}
