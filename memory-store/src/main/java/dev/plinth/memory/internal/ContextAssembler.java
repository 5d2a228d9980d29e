package dev.plinth.memory.internal;

import dev.plinth.memory.AssembledContext;
import dev.plinth.memory.ContextRequest;
import dev.plinth.memory.Fact;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.Message;
import dev.plinth.memory.SearchHit;
import dev.plinth.memory.SearchQuery;
import dev.plinth.memory.Session;
import dev.plinth.memory.TokenEstimate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds what an LLM should see for one turn, within a token budget: first the session summary,
 * then facts (at most {@code factShare} of the budget; ranked by relevance to the query, or newest
 * first without one), then the newest messages that still fit, returned oldest first. Relevance
 * uses the lexical modes (full-text and fuzzy), so assembling context never waits for an embedding.
 */
class ContextAssembler {

    private static final int FACT_CANDIDATES = 20;
    private static final int MIN_CHUNK = 16;
    private static final int MAX_CHUNK = 500;

    private final SessionStore sessions;
    private final MessageStore messages;
    private final FactStore facts;
    private final Searcher searcher;
    private final int maxTokens;

    ContextAssembler(SessionStore sessions, MessageStore messages, FactStore facts, Searcher searcher, int maxTokens) {
        this.sessions = sessions;
        this.messages = messages;
        this.facts = facts;
        this.searcher = searcher;
        this.maxTokens = maxTokens;
    }

    AssembledContext assemble(MemoryScope scope, String userId, String sessionId, ContextRequest request) {
        validate(request);
        SessionStore.Located located = sessions.locate(scope, userId, sessionId);
        Session session = located.session();
        long sessionRowId = located.id();
        int budget = request.maxTokens();

        int summaryTokens = TokenEstimate.of(session.summary());
        String summary = session.summary() != null && summaryTokens <= budget ? session.summary() : null;
        int used = summary == null ? 0 : summaryTokens;

        int factBudget = Math.min(budget - used, (int) Math.floor(budget * request.factShare()));
        List<Fact> chosenFacts = new ArrayList<>();
        int factTokens = 0;
        for (Fact fact : factCandidates(scope, userId, request.query())) {
            int tokens = tokensOf(fact);
            if (factTokens + tokens > factBudget) {
                continue;
            }
            chosenFacts.add(fact);
            factTokens += tokens;
        }
        used += factTokens;

        List<Message> chosen = new ArrayList<>();
        int messageTokens = 0;
        int before = Integer.MAX_VALUE;
        // Read newest-first in chunks sized to the remaining budget, so a small budget reads few rows.
        boolean full = false;
        while (!full) {
            int chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, (budget - used - messageTokens) / 4 + 1));
            List<Message> newest = messages.newestBefore(sessionId, sessionRowId, before, chunk);
            for (Message message : newest) {
                if (used + messageTokens + message.tokens() > budget) {
                    full = true;
                    break;
                }
                chosen.add(message);
                messageTokens += message.tokens();
                before = message.seq();
            }
            full = full || newest.size() < chunk;
        }
        Collections.reverse(chosen);
        int total = used + messageTokens;
        return new AssembledContext(summary, chosenFacts, chosen,
                new AssembledContext.Tokens(summary == null ? 0 : summaryTokens, factTokens, messageTokens, total,
                        budget));
    }

    /** The text a fact contributes to a prompt, and so what its tokens are counted on. */
    static int tokensOf(Fact fact) {
        String value = fact.value() == null ? "" : fact.value().toString();
        String text = fact.text() == null ? "" : fact.text();
        return TokenEstimate.of((fact.key() == null ? "" : fact.key() + ": ") + text + (value.isEmpty() ? "" : " " + value));
    }

    private List<Fact> factCandidates(MemoryScope scope, String userId, String query) {
        if (query == null || query.isBlank()) {
            return facts.newest(scope, List.of(userId, FactStore.APP_WIDE), FACT_CANDIDATES);
        }
        List<Long> ranked = new ArrayList<>();
        for (SearchQuery.Mode mode : List.of(SearchQuery.Mode.FULLTEXT, SearchQuery.Mode.FUZZY)) {
            for (SearchHit hit : searcher.search(scope, userId,
                    new SearchQuery(query, mode, Set.of("fact"), FACT_CANDIDATES))) {
                if (!ranked.contains(hit.factId())) {
                    ranked.add(hit.factId());
                }
            }
        }
        if (ranked.isEmpty()) {
            return facts.newest(scope, List.of(userId, FactStore.APP_WIDE), FACT_CANDIDATES);
        }
        Map<Long, Fact> byId = facts.byIds(scope, ranked).stream()
                .collect(Collectors.toMap(Fact::id, Function.identity()));
        return ranked.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private void validate(ContextRequest request) {
        if (request.maxTokens() < 1 || request.maxTokens() > maxTokens) {
            throw MemoryException.invalid("/maxTokens", "maxTokens must be between 1 and " + maxTokens, null);
        }
        if (request.factShare() < 0 || request.factShare() > 1) {
            throw MemoryException.invalid("/factShare", "factShare must be between 0 and 1", null);
        }
        if (request.query() != null && request.query().length() > Searcher.MAX_QUERY) {
            throw MemoryException.invalid("/query", "query is longer than " + Searcher.MAX_QUERY + " characters", null);
        }
    }
}
