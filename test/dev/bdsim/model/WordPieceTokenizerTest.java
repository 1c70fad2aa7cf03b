package dev.bdsim.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Token ids of the BERT uncased WordPiece vocabulary the model ships with. */
class WordPieceTokenizerTest {
    @Test
    void punctuationCaseAccentsAndSubwords() throws IOException {
        WordPieceTokenizer t = MiniLm.tokenizer();
        assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, t.encode("Hello, world!"));
        assertArrayEquals(t.encode("cafe"), t.encode("Café"));
        long[] sub = t.encode("unaffable");
        assertArrayEquals(new long[] {101, 14477, 20961, 3468, 102}, sub);
    }
}
