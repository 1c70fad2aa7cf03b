package dev.bdsim.model;

import dev.bdsim.io.InputFiles;
import dev.bdsim.BadInputException;

import java.io.IOException;
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
            sentences = InputFiles.readText(file, "text").lines()
                    .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the text (" + (e instanceof java.nio.charset.CharacterCodingException
                    ? "not UTF-8" : e.getMessage()) + ")");
        }
        if (sentences.isEmpty()) {
            throw new BadInputException(file + ": holds no sentences");
        }
        return sentences;
    }
}
