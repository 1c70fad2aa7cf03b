package dev.bdsim.model;

import dev.bdsim.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A text file of sentences, one per line; blank lines and lines starting with # are skipped. */
public final class Corpus {
    private Corpus() {}

    public static List<String> sentences(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such text file (one sentence per line)");
        }
        List<String> sentences;
        try {
            sentences = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sentences.isEmpty()) {
            throw new BadInputException(file + ": holds no sentences");
        }
        return sentences;
    }
}
