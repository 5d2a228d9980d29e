package dev.plinth.memory.embedding;

import java.util.ArrayList;
import java.util.List;

/** Input checks and batching shared by the providers. */
final class Texts {

    private Texts() {
    }

    /** Fails fast on blank input: no model gives a meaningful vector for it, and the backends reject it. */
    static void requireNonBlank(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text at position " + i + " is null or blank");
            }
        }
    }

    static List<List<String>> partition(List<String> texts, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += batchSize) {
            batches.add(texts.subList(from, Math.min(from + batchSize, texts.size())));
        }
        return batches;
    }
}
