package dev.plinth.memory;

/**
 * The token estimate used wherever a caller gives no count: one token per four characters
 * (UTF-16 code units), rounded up, at least one for non-empty text — the common rule of thumb for
 * English with GPT-style tokenizers. Deterministic, so budgets and stored counts always agree.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static int of(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return (text.length() + 3) / 4;
    }
}
