package dev.bdsim.trace;

import dev.bdsim.BadInputException;
import dev.bdsim.fp16.Fp16;
import dev.bdsim.fp16.Fp16Matrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A 2-D tensor stored in a file at a byte offset, in one of the element types traces may use.
 * Rows are read on demand, so callers can stream a trace block of rows at a time.
 */
public final class TensorSource implements RowSource {
    /** Element types of trace files. */
    public enum DType {
        F32(4), F16(2), BF16(2), F64(8);

        final int size;

        DType(int size) {
            this.size = size;
        }
    }

    private final Path file;
    private final String tensor;
    private final DType dtype;
    private final int rows;
    private final int cols;
    private final long dataOffset;

    TensorSource(Path file, String tensor, DType dtype, long[] shape, long dataOffset, long available) {
        this.file = file;
        this.tensor = tensor;
        this.dtype = dtype;
        if (shape.length != 2) {
            throw error("has shape " + Arrays.toString(shape) + "; a 2-D tensor [rows][K] is needed"
                    + (shape.length > 2 ? " (reshape it to [-1, K] first)" : ""));
        }
        long needed;
        try {
            needed = Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), dtype.size);
        } catch (ArithmeticException e) {
            needed = Long.MAX_VALUE;
        }
        if (shape[0] <= 0 || shape[1] <= 0 || needed / dtype.size > Integer.MAX_VALUE - 8) {
            throw error("has unsupported shape " + Arrays.toString(shape) + " (each dimension must be positive, at most 2^31 elements)");
        }
        this.rows = (int) shape[0];
        this.cols = (int) shape[1];
        this.dataOffset = dataOffset;
        if (available < needed) {
            throw error("is truncated: shape " + Arrays.toString(shape) + " of " + dtype + " needs " + needed
                    + " bytes of data, the file holds " + Math.max(0, available));
        }
    }

    public DType dtype() {
        return dtype;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    BadInputException error(String what) {
        return new BadInputException(file + ": tensor '" + tensor + "' " + what);
    }

    /** Reads the whole tensor, rounding to FP16 (saturating above 65504). NaN or infinity is an error. */
    public Fp16Matrix readAll() {
        return readRows(0, rows);
    }

    /** Reads rows {@code [first, first + count)} as FP16. */
    public Fp16Matrix readRows(int first, int count) {
        int n = count * cols;
        ByteBuffer buf = ByteBuffer.allocate(n * dtype.size).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file)) {
            long pos = dataOffset + (long) first * cols * dtype.size;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos + buf.position());
                if (r < 0) {
                    throw error("is truncated at row " + first);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        buf.flip();
        short[] bits = new short[n];
        long saturated = 0;
        for (int i = 0; i < n; i++) {
            double v;
            switch (dtype) {
                case F16 -> {
                    short h = buf.getShort();
                    if (!Fp16.isFinite(h)) {
                        throw nonFinite(first, i, Fp16.toDouble(h));
                    }
                    bits[i] = h;
                    continue;
                }
                case F32 -> v = buf.getFloat();
                case BF16 -> v = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                default -> v = buf.getDouble();
            }
            if (!Double.isFinite(v)) {
                throw nonFinite(first, i, v);
            }
            if (Fp16.saturates(v)) {
                saturated++;
            }
            bits[i] = Fp16.fromDouble(v);
        }
        return new Fp16Matrix(tensor, count, cols, bits, saturated);
    }

    private BadInputException nonFinite(int firstRow, int i, double v) {
        return error("holds " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf") + " at [" + (firstRow + i / cols) + ", " + (i % cols)
                + "] (first bad value); traces must be finite");
    }
}
