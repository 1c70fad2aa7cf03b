package dev.bdsim.report;

import dev.bdsim.io.AtomicFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.BlockFormat.BlockField;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.trace.Npy;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the packed encoding of quantized tensors so RTL testbenches and other tools consume the
 * same bits: per tensor {@code codes.npy} (one code per element, padded columns), one {@code .npy}
 * per block field, {@code tensor_scale.npy} for NVFP4, and {@code blocks.hex}: one line per block,
 * the block fields then codes of elements 0..B-1, most significant first (ready for $readmemh).
 * {@code layout.json} describes every file.
 */
public final class EncodingEmitter {
    private final Path dir;
    private final ObjectNode layout;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EncodingEmitter(Path dir) throws IOException {
        this.dir = dir;
        AtomicFile.createDirectories(dir);
        this.layout = json.createObjectNode();
    }

    public void emit(String prefix, QuantizedTensor q) throws IOException {
        BlockFormat f = q.format();
        int[] shape = {q.rows(), q.paddedCols()};
        int[] blockShape = {q.rows(), q.blocksPerRow()};
        Npy.WriteType codeType = f.elementBits() <= 8 ? Npy.WriteType.U8 : Npy.WriteType.U16;
        ObjectNode entry = layout.putObject(prefix);
        entry.put("format", f.id());
        entry.put("rows", q.rows());
        entry.put("cols", q.cols());
        entry.put("blockSize", q.blockSize());
        entry.put("codeBits", f.elementBits());
        entry.put("codeLayout", f.codeLayout());
        ObjectNode files = entry.putObject("files");
        Npy.writeInts(dir.resolve(prefix + ".codes.npy"), codeType, shape, q.codes());
        files.put(prefix + ".codes.npy", "codes [rows][blocks*blockSize], zero padded");
        ArrayNode fields = entry.putArray("blockFields");
        for (BlockField field : f.blockFields()) {
            String name = prefix + "." + field.name() + ".npy";
            Npy.writeInts(dir.resolve(name), Npy.WriteType.U8, blockShape, values(q, field));
            files.put(name, field.meaning() + " [rows][blocks]");
            fields.addObject().put("name", field.name()).put("bits", field.bits()).put("meaning", field.meaning());
        }
        if (q.tensorScale() != 1f) {
            Npy.writeFloats(dir.resolve(prefix + ".tensor_scale.npy"), new int[] {1}, new float[] {q.tensorScale()});
            files.put(prefix + ".tensor_scale.npy", "per-tensor FP32 scale");
        }
        writeHex(dir.resolve(prefix + ".blocks.hex"), q);
        files.put(prefix + ".blocks.hex", "one line per block (row-major): block fields, then codes of elements 0..B-1, MSB first");
        Files.writeString(dir.resolve("layout.json"), json.writeValueAsString(layout) + "\n");
    }

    private static int[] values(QuantizedTensor q, BlockField field) {
        return field.name().equals(BlockField.DIALECT) ? q.dialect() : q.scaleField();
    }

    private static void writeHex(Path file, QuantizedTensor q) throws IOException {
        BlockFormat f = q.format();
        int b = q.blockSize();
        int totalBits = b * f.elementBits();
        for (BlockField field : f.blockFields()) {
            totalBits += field.bits();
        }
        int digits = (totalBits + 3) / 4;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            int blocks = q.rows() * q.blocksPerRow();
            for (int blk = 0; blk < blocks; blk++) {
                BigInteger word = BigInteger.valueOf(q.blockWord(blk));
                for (int i = 0; i < b; i++) {
                    word = word.shiftLeft(f.elementBits()).or(BigInteger.valueOf(q.codes()[blk * b + i]));
                }
                String hex = word.toString(16);
                out.write("0".repeat(digits - hex.length()));
                out.write(hex);
                out.write('\n');
            }
        }
    }
}
