package dev.plinth.memory;

import java.util.List;

/**
 * What an LLM should see for one turn: the session summary (if stored), the most relevant facts
 * and the newest messages that fit the budget, oldest first, with the tokens each part uses.
 */
public record AssembledContext(String summary, List<Fact> facts, List<Message> messages, Tokens tokens) {

    /** Token use per part; {@code total} never exceeds {@code budget}. */
    public record Tokens(int summary, int facts, int messages, int total, int budget) {
    }
}
