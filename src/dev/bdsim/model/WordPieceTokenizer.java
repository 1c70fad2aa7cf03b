package dev.bdsim.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT tokenization as the model's {@code tokenizer.json} defines it: BertNormalizer (clean text,
 * lowercase, strip accents, space around CJK characters), BertPreTokenizer (split on whitespace
 * and punctuation), WordPiece (greedy longest match, {@code ##} continuation), then
 * {@code [CLS] ... [SEP]}, truncated to the model's maximum length.
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocab = new HashMap<>();
    private final int unk;
    private final int cls;
    private final int sep;
    private final int maxLength;
    private final int maxCharsPerWord;

    public WordPieceTokenizer(InputStream tokenizerJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson);
        JsonNode model = root.path("model");
        model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        this.unk = vocab.get(model.path("unk_token").asText("[UNK]"));
        this.cls = vocab.get("[CLS]");
        this.sep = vocab.get("[SEP]");
        this.maxLength = root.path("truncation").path("max_length").asInt(512);
        this.maxCharsPerWord = model.path("max_input_chars_per_word").asInt(100);
    }

    public long[] encode(String text) {
        List<Long> ids = new ArrayList<>();
        ids.add((long) cls);
        for (String word : preTokenize(normalize(text))) {
            for (int id : wordPiece(word)) {
                ids.add((long) id);
            }
        }
        if (ids.size() > maxLength - 1) {
            ids = new ArrayList<>(ids.subList(0, maxLength - 1));
        }
        ids.add((long) sep);
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    static String normalize(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xfffd || (Character.isISOControl(cp) && cp != '\t' && cp != '\n' && cp != '\r')) {
                return;
            }
            if (Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR) {
                sb.append(' ');
            } else if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        String lower = sb.toString().toLowerCase(java.util.Locale.ROOT);
        return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{Mn}", "");
    }

    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp)) {
                flush(cur, words);
            } else if (isPunctuation(cp)) {
                flush(cur, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        });
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (cur.length() > 0) {
            words.add(cur.toString());
            cur.setLength(0);
        }
    }

    private List<Integer> wordPiece(String word) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            return List.of(unk);
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocab.get(sub);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                return List.of(unk);
            }
            pieces.add(found);
            start = end;
        }
        return pieces;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
