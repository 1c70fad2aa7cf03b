package dev.bdsim.lib;

import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * The contents of a memory: {@code words} words of {@code lanes} values of a signal type, lane {@code l} of word {@code w}
 * at {@code data[w * lanes + l]} (read and written there directly by the memory's own simulation).
 */
final class WordImage {
    final long[] data;
    private final SignalType type;
    private final int words;
    private final int lanes;

    WordImage(String kind, SignalType type, int words, int lanes) {
        if ((long) words * lanes > 1L << 28) {
            throw new IllegalArgumentException(kind + " of " + words + " words x " + lanes + " lanes is larger than 2^28 entries");
        }
        this.type = type;
        this.words = words;
        this.lanes = lanes;
        data = new long[words * lanes];
    }

    long get(int word, int lane) {
        return data[word * lanes + lane];
    }

    /** Stores {@code value} (two's complement, truncated to the word width) as lane {@code lane} of word {@code word}. */
    void load(int word, int lane, long value) {
        if (word < 0 || word >= words || lane < 0 || lane >= lanes) {
            throw new IndexOutOfBoundsException("word " + word + " lane " + lane + " outside " + words + " x " + lanes);
        }
        data[word * lanes + lane] = type.normalize(value);
    }

    /** The contents as {@code $readmemh} lines. */
    List<String> hex() {
        return Verilog.memoryImage(words, lanes, type.width(), this::get);
    }
}
