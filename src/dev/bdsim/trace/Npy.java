package dev.bdsim.trace;

import dev.bdsim.BadInputException;
import dev.bdsim.io.InputFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** NumPy {@code .npy} files (format versions 1.0 to 3.0): reading float traces, writing results. */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {}

    /** Opens a {@code .npy} file holding a C-order little-endian float16/float32/float64 2-D array. */
    public static TensorSource open(Path file) {
        String tensor = file.getFileName().toString().replaceFirst("\\.npy$", "");
        long size;
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file)) {
            size = ch.size();
            ch.read(head, 0);
            head.flip();
            if (head.remaining() < 10 || !Arrays.equals(Arrays.copyOf(head.array(), 6), MAGIC)) {
                throw new BadInputException(file + ": not a .npy file (wrong magic; expected \\x93NUMPY at offset 0)");
            }
            int major = head.get(6) & 0xff;
            long headerLen;
            int preamble;
            if (major == 1) {
                headerLen = head.getShort(8) & 0xffff;
                preamble = 10;
            } else if (major == 2 || major == 3) {
                if (head.remaining() < 12) {
                    throw new BadInputException(file + ": .npy header is truncated");
                }
                headerLen = head.getInt(8) & 0xffffffffL;
                preamble = 12;
            } else {
                throw new BadInputException(file + ": unsupported .npy format version " + major + " (1, 2 and 3 are supported)");
            }
            if (preamble + headerLen > size || headerLen > 1 << 20) {
                throw new BadInputException(file + ": .npy header is truncated (declares " + headerLen + " bytes, file has " + size + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.read(hb, preamble);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            long dataOffset = preamble + headerLen;
            return describe(file, tensor, header, dataOffset, size - dataOffset);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static TensorSource describe(Path file, String tensor, String text, long dataOffset, long available) {
        String where = file + ": tensor '" + tensor + "' ";
        NpyHeader header = NpyHeader.parse(text, file.toString());
        if (header.fortranOrder()) {
            throw new BadInputException(where + "is in Fortran order; save it in C order (np.ascontiguousarray)");
        }
        TensorSource.DType dtype = switch (header.descr()) {
            case "<f4" -> TensorSource.DType.F32;
            case "<f2" -> TensorSource.DType.F16;
            case "<f8" -> TensorSource.DType.F64;
            default -> throw new BadInputException(where + "has unsupported dtype '" + InputFiles.excerpt(header.descr())
                    + "'; traces must be little-endian float16 or float32 ('<f2', '<f4'; save with arr.astype('<f4'))");
        };
        return new TensorSource(file, tensor, dtype, header.shape(), dataOffset, available);
    }

    /** Element types this project writes. */
    public enum WriteType {
        U8("|u1", 1), U16("<u2", 2), I32("<i4", 4), F16("<f2", 2), F32("<f4", 4);

        final String descr;
        final int size;

        WriteType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }
    }

    /** Writes integers (codes, fields) as an unsigned/signed integer array of the given shape. */
    public static void writeInts(Path file, WriteType type, int[] shape, int[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(data.length * type.size).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : data) {
            switch (type) {
                case U8 -> buf.put((byte) v);
                case U16, F16 -> buf.putShort((short) v);
                case I32 -> buf.putInt(v);
                case F32 -> buf.putFloat(v);
            }
        }
        write(file, type, shape, buf.array());
    }

    public static void writeFloats(Path file, int[] shape, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            buf.putFloat(v);
        }
        write(file, WriteType.F32, shape, buf.array());
    }

    public static void writeFp16(Path file, int rows, int cols, short[] bits) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : bits) {
            buf.putShort(v);
        }
        write(file, WriteType.F16, new int[] {rows, cols}, buf.array());
    }

    private static void write(Path file, WriteType type, int[] shape, byte[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        dev.bdsim.io.AtomicFile.writeBytes(file, out -> {
            out.write(pre.array());
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            out.write(data);
        });
    }
}
