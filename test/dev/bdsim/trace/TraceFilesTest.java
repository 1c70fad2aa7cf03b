package dev.bdsim.trace;

import dev.bdsim.BadInputException;
import dev.bdsim.fp16.Fp16Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

class TraceFilesTest {
    @TempDir
    Path dir;

    /** A .npy file written byte by byte, independent of the project's writer. */
    static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    String error(Path p) {
        return assertThrows(BadInputException.class, () -> Traces.open(p.toString()).readAll()).getMessage();
    }

    @Test
    void readsFloat32AndRoundsToFp16WithSaturationCount() throws IOException {
        Path p = write("x.npy", npy("<f4", "(2, 3)", floats(1f, -2.5f, 0.1f, 70000f, 0f, 3f)));
        Fp16Matrix m = Traces.open(p.toString()).readAll();
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertEquals(0.0999755859375, m.value(0, 2));
        assertEquals(65504.0, m.value(1, 0));
        assertEquals(1, m.saturated());
    }

    @Test
    void writerAndReaderRoundTripFp16() throws IOException {
        short[] bits = {0x3c00, (short) 0xc000, 0x0001, 0x7bff};
        Path p = dir.resolve("h.npy");
        Npy.writeFp16(p, 2, 2, bits);
        assertArrayEquals(bits, Traces.open(p.toString()).readAll().rawBits());
    }

    @Test
    void truncatedData() throws IOException {
        String msg = error(write("t.npy", npy("<f4", "(4, 4)", floats(1f, 2f, 3f))));
        assertTrue(msg.contains("t.npy") && msg.contains("tensor 't'") && msg.contains("truncated"), msg);
    }

    /** A .npy file with exactly this header dictionary. */
    static byte[] npyWithHeader(String dict, byte[] data) {
        String header = dict + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    @Test
    void headersThatLieAboutTheirShapeOrKeysAreRejected() throws IOException {
        byte[] data = floats(1f, 2f, 3f, 4f);
        // 72057594037927938 * 256 overflows a long product to 512: it must not be read as a small tensor
        String msg = error(write("o.npy", npy("<f4", "(72057594037927938, 256)", data)));
        assertTrue(msg.contains("o.npy") && msg.contains("unsupported shape [72057594037927938, 256]"), msg);
        msg = error(write("m.npy", npy("<f4", "(9223372036854775807, 2)", data)));
        assertTrue(msg.contains("unsupported shape"), msg);
        msg = error(write("b.npy", npy("<f4", "(99999999999999999999, 2)", data)));
        assertTrue(msg.contains("malformed .npy header") && msg.contains("too large"), msg);
        msg = error(write("i.npy", npy("<f4", "(3000000000, 1)", data)));
        assertTrue(msg.contains("unsupported shape"), msg);
        // a descr inside another key's string is not the descr
        msg = error(write("s.npy", npyWithHeader("{'note': \"'descr': '<f4'\", 'fortran_order': False, 'shape': (1, 4), }", data)));
        assertTrue(msg.contains("must have exactly the keys descr, fortran_order and shape, has [note, fortran_order, shape]"), msg);
        msg = error(write("d.npy", npyWithHeader("{'descr': '<f4', 'descr': '<f2', 'fortran_order': False, 'shape': (1, 4)}", data)));
        assertTrue(msg.contains("key 'descr' appears twice"), msg);
        msg = error(write("g.npy", npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4)} junk", data)));
        assertTrue(msg.contains("text after the dictionary"), msg);
        msg = error(write("n.npy", npyWithHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (1, 4)}", data)));
        assertTrue(msg.contains("fortran_order must be True or False"), msg);
        msg = error(write("c.npy", npyWithHeader("{'descr': '\u001b[31m<x', 'fortran_order': False, 'shape': (1, 4)}", data)));
        assertTrue(msg.contains("'?[31m<x'") && !msg.contains("\u001b"), "no terminal escape codes: " + msg);
        // a well-formed header with Python 2 long literals and double quotes still reads
        Path ok = write("ok.npy", npyWithHeader("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1L, 4L), }", data));
        assertEquals(4, Traces.open(ok.toString()).readAll().cols());
    }

    @Test
    void wrongMagic() throws IOException {
        String msg = error(write("m.npy", "PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(msg.contains("m.npy") && msg.contains("magic"), msg);
    }

    @Test
    void unsupportedDtype() throws IOException {
        String msg = error(write("i.npy", npy("<i8", "(1, 2)", new byte[16])));
        assertTrue(msg.contains("unsupported dtype '<i8'") && msg.contains("tensor 'i'"), msg);
        String be = error(write("b.npy", npy(">f4", "(1, 1)", new byte[4])));
        assertTrue(be.contains("'>f4'"), be);
    }

    @Test
    void threeDimensionalWhereTwoAreNeeded() throws IOException {
        String msg = error(write("c.npy", npy("<f4", "(2, 2, 2)", floats(new float[8]))));
        assertTrue(msg.contains("[2, 2, 2]") && msg.contains("2-D"), msg);
    }

    @Test
    void nanAndInfinityNameTheFirstBadIndex() throws IOException {
        String msg = error(write("n.npy", npy("<f4", "(2, 3)", floats(1f, 2f, 3f, 4f, Float.NaN, Float.POSITIVE_INFINITY))));
        assertTrue(msg.contains("n.npy: tensor 'n' holds NaN at [1, 1]"), msg);
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00).putShort((short) 0xfc00);
        String inf = error(write("h.npy", npy("<f2", "(1, 2)", half.array())));
        assertTrue(inf.contains("-Inf at [0, 1]"), inf);
    }

    @Test
    void fortranOrderIsRejected() throws IOException {
        byte[] b = npy("<f4", "(1, 1)", floats(1f));
        String text = new String(b, StandardCharsets.ISO_8859_1).replace("'fortran_order': False", "'fortran_order': True ");
        String msg = error(write("f.npy", text.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(msg.contains("Fortran order"), msg);
    }

    /** A .safetensors file built by hand from the format description. */
    static byte[] safetensors(String headerJson, byte[] data) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data).array();
    }

    @Test
    void safetensorsF32F16Bf16() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f);                 // a: F32 [1, 2]
        data.putShort((short) 0x3c00).putShort((short) 0x4000); // b: F16 [2, 1]
        data.putShort((short) 0x3fc0).putShort((short) 0xc040); // c: BF16 [1, 2] = 1.5, -3
        String header = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[2,1],\"data_offsets\":[8,12]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[12,16]}}";
        Path p = write("m.safetensors", safetensors(header, data.array()));
        assertArrayEquals(new double[] {1.5, -2}, Traces.open(p + ":a").readAll().toDoubles(), 0);
        assertArrayEquals(new double[] {1, 2}, Traces.open(p + ":b").readAll().toDoubles(), 0);
        assertArrayEquals(new double[] {1.5, -3}, Traces.open(p + ":c").readAll().toDoubles(), 0);
        String many = assertThrows(BadInputException.class, () -> Traces.open(p.toString())).getMessage();
        assertTrue(many.contains("holds 3 tensors") && many.contains("a, b, c"), many);
        String missing = assertThrows(BadInputException.class, () -> Traces.open(p + ":zz")).getMessage();
        assertTrue(missing.contains("no tensor named 'zz'"), missing);
    }

    @Test
    void safetensorsErrors() throws IOException {
        String bad = "{\"x\":{\"dtype\":\"I64\",\"shape\":[1,1],\"data_offsets\":[0,8]}}";
        String msg = error(write("d.safetensors", safetensors(bad, new byte[8])));
        assertTrue(msg.contains("tensor 'x'") && msg.contains("'I64'"), msg);
        String trunc = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[0,64]}}";
        String t = error(write("t.safetensors", safetensors(trunc, new byte[20])));
        assertTrue(t.contains("tensor 'x' has data_offsets [0, 64] outside the data (20 bytes)"), t);
        String json = error(write("j.safetensors", safetensors("{not json", new byte[0])));
        assertTrue(json.contains("malformed"), json);
        String tiny = error(write("z.safetensors", new byte[3]));
        assertTrue(tiny.contains("z.safetensors"), tiny);
    }

    @Test
    void safetensorsHeadersAreCheckedAgainstTheFormatsOwnRules() throws IOException {
        String[][] cases = {
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", "of 12 bytes, but its shape [2,2] of F32 needs 16"},
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0.0,16]}}", "data_offsets that are not non-negative integers"},
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[\"0\",\"16\"]}}", "data_offsets that are not non-negative integers"},
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[2,\"2\"],\"data_offsets\":[0,16]}}", "shape entry that is not a non-negative integer"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1,4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]}}",
                "(tensors overlap)"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]}}", "(a hole)"},
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", "the tensors cover 8 bytes of data, the file holds 16"},
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[1,4],\"data_offsets\":[0,16]},\"x\":{\"dtype\":\"F16\",\"shape\":[1,8],\"data_offsets\":[0,16]}}",
                "Duplicate field 'x'"},
            {"{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,16]}}", "shape too large for any file"},
        };
        for (String[] c : cases) {
            String msg = error(write("h.safetensors", safetensors(c[0], new byte[16])));
            assertTrue(msg.contains("h.safetensors") && msg.contains(c[1]), c[0] + " -> " + msg);
        }
    }

    @Test
    void unknownExtensionAndMissingFile() {
        assertTrue(assertThrows(BadInputException.class, () -> Traces.open(dir.resolve("none.npy").toString())).getMessage()
                .contains("no such trace file"));
    }
}
