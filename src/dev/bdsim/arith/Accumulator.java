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
        return spec.kind() == AccumulatorSpec.Kind.FP32 ? new Fp32() : new Fixed(spec);
    }

    static final class Fp32 extends Accumulator {
        private float acc;

        @Override
        public void reset() {
            acc = 0f;
        }

        @Override
        public void add(long p, int exponent) {
            acc += ExactScale.toFloat(p, exponent);
        }

        @Override
        public void add(BigInteger p, int exponent) {
            acc += ExactScale.toFloat(p, exponent);
        }

        @Override
        public float result() {
            return acc;
        }

        @Override
        public long resultBits() {
            return Float.floatToRawIntBits(acc) & 0xFFFF_FFFFL;
        }
    }

    static final class Fixed extends Accumulator {
        private final int fraction;
        private final boolean wrap;
        private final BigInteger min;
        private final BigInteger max;
        private final BigInteger modulus;
        private final long minLong;
        private final long maxLong;
        private long acc;
        private long overflows;

        Fixed(AccumulatorSpec spec) {
            this.fraction = spec.fractionBits();
            this.wrap = spec.wrap();
            this.min = BigInteger.ONE.shiftLeft(spec.width() - 1).negate();
            this.max = BigInteger.ONE.shiftLeft(spec.width() - 1).subtract(BigInteger.ONE);
            this.modulus = BigInteger.ONE.shiftLeft(spec.width());
            this.minLong = min.longValue();
            this.maxLong = max.longValue();
        }

        @Override
        public void reset() {
            acc = 0;
        }

        @Override
        public void add(long p, int exponent) {
            int shift = exponent + fraction;
            long aligned;
            if (shift <= 0) {
                aligned = shift <= -63 ? (p < 0 ? -1 : 0) : p >> -shift;
            } else if (shift < 62 && p != Long.MIN_VALUE && Math.abs(p) < (1L << (62 - shift))) {
                aligned = p << shift;
            } else {
                add(BigInteger.valueOf(p), exponent);
                return;
            }
            long sum = acc + aligned;
            boolean longOverflow = ((acc ^ sum) & (aligned ^ sum)) < 0;
            if (longOverflow || sum < minLong || sum > maxLong) {
                add(BigInteger.valueOf(p), exponent);
                return;
            }
            acc = sum;
        }

        @Override
        public void add(BigInteger p, int exponent) {
            int shift = exponent + fraction;
            BigInteger aligned = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            BigInteger sum = BigInteger.valueOf(acc).add(aligned);
            if (sum.compareTo(min) < 0 || sum.compareTo(max) > 0) {
                overflows++;
                if (wrap) {
                    sum = sum.subtract(min).mod(modulus).add(min);
                } else {
                    sum = sum.signum() < 0 ? min : max;
                }
            }
            acc = sum.longValue();
        }

        @Override
        public float result() {
            return ExactScale.toFloat(acc, -fraction);
        }

        @Override
        public long resultBits() {
            return acc;
        }

        @Override
        public long overflows() {
            return overflows;
        }
    }
}
