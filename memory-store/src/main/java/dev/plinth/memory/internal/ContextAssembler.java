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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

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

    private final JdbcTemplate jdbc;
    private final SessionStore sessions;
    private final MessageStore messages;
    private final FactStore facts;
    private final Searcher searcher;
    private final int maxTokens;

    ContextAssembler(JdbcTemplate jdbc, SessionStore sessions, MessageStore messages, FactStore facts,
            Searcher searcher, int maxTokens) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.messages = messages;
        this.facts = facts;
        this.searcher = searcher;
        this.maxTokens = maxTokens;
    }

    AssembledContext assemble(MemoryScope scope, String userId, String sessionId, ContextRequest request) {
        validate(request);
        int budget = request.maxTokens();
        boolean ranked = request.query() != null && !request.query().isBlank();
        int chunk = chunk(budget);
        FirstRead first = firstRead(scope, userId, sessionId, !ranked, chunk);
        Session session = first.session().session();
        long sessionRowId = first.session().id();

        int summaryTokens = TokenEstimate.of(session.summary());
        String summary = session.summary() != null && summaryTokens <= budget ? session.summary() : null;
        int used = summary == null ? 0 : summaryTokens;

        int factBudget = Math.min(budget - used, (int) Math.floor(budget * request.factShare()));
        List<Fact> chosenFacts = new ArrayList<>();
        int factTokens = 0;
        for (Fact fact : ranked ? rankedFacts(scope, userId, request.query()) : first.facts()) {
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
        // The newest messages come in chunks sized to the budget, so a small budget reads few rows;
        // the first chunk came with the session, and one more is read only while all of it fitted.
        List<Message> newest = first.messages();
        while (true) {
            boolean full = false;
            for (Message message : newest) {
                if (used + messageTokens + message.tokens() > budget) {
                    full = true;
                    break;
                }
                chosen.add(message);
                messageTokens += message.tokens();
            }
            if (full || newest.size() < chunk) {
                break;
            }
            chunk = chunk(budget - used - messageTokens);
            newest = messages.newestBefore(sessionId, sessionRowId, chosen.get(chosen.size() - 1).seq(), chunk);
        }
        Collections.reverse(chosen);
        int total = used + messageTokens;
        return new AssembledContext(summary, chosenFacts, chosen,
                new AssembledContext.Tokens(summary == null ? 0 : summaryTokens, factTokens, messageTokens, total,
                        budget));
    }

    /** How many of the newest messages to read for a remaining budget (a message is at least one token, most are more). */
    private static int chunk(int remainingTokens) {
        return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, remainingTokens / 4 + 1));
    }

    /** The session, its newest facts (unless they are ranked by a query instead) and its newest messages. */
    private record FirstRead(SessionStore.Located session, List<Fact> facts, List<Message> messages) {
    }

    /** The first read with facts (no query) and without (facts ranked by the query instead). */
    private static final String FIRST_READ = SessionStore.BY_KEY + ";\n" + FactStore.NEWEST + ";\n"
            + MessageStore.NEWEST_BY_SESSION_KEY;
    private static final String FIRST_READ_WITHOUT_FACTS = SessionStore.BY_KEY + ";\n"
            + MessageStore.NEWEST_BY_SESSION_KEY;

    /**
     * Reads the session, the newest facts and the first chunk of newest messages with one round trip
     * to PostgreSQL: the statements go out together (the driver pipelines a multi-statement query)
     * and their results come back one after the other. In pgbench on the benchmark corpus, the three
     * statements prepared ran 5,700 times a second one round trip each and 8,600 pipelined.
     */
    private FirstRead firstRead(MemoryScope scope, String userId, String sessionId, boolean withFacts, int chunk) {
        FirstRead read = jdbc.execute(withFacts ? FIRST_READ : FIRST_READ_WITHOUT_FACTS,
                (PreparedStatement statement) -> {
                    int index = SessionStore.bindKey(statement, 1, scope, userId, sessionId);
                    if (withFacts) {
                        statement.setObject(index++, scope.appId());
                        statement.setObject(index++, scope.tenantId());
                        statement.setObject(index++, new String[] {userId, FactStore.APP_WIDE});
                        statement.setInt(index++, FACT_CANDIDATES);
                    }
                    index = SessionStore.bindKey(statement, index, scope, userId, sessionId);
                    statement.setInt(index, chunk);
                    statement.execute();
                    List<SessionStore.Located> session = rows(statement, (rows, row) -> sessions.located(rows));
                    List<Fact> newestFacts = withFacts ? nextRows(statement, facts::fact) : List.of();
                    List<Message> newestMessages = nextRows(statement,
                            (rows, row) -> messages.message(sessionId, rows));
                    return session.isEmpty() ? null : new FirstRead(session.get(0), newestFacts, newestMessages);
                });
        if (read == null) {
            throw MemoryException.notFound("Session '" + sessionId + "'");
        }
        return read;
    }

    /** The rows of the statement's next result. */
    private static <T> List<T> nextRows(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        return statement.getMoreResults() ? rows(statement, mapper) : List.of();
    }

    /** The rows of the statement's current result. */
    private static <T> List<T> rows(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet result = statement.getResultSet()) {
            while (result.next()) {
                rows.add(mapper.mapRow(result, rows.size()));
            }
        }
        return rows;
    }

    /** The text a fact contributes to a prompt, and so what its tokens are counted on. */
    static int tokensOf(Fact fact) {
        String value = fact.value() == null ? "" : fact.value().toString();
        String text = fact.text() == null ? "" : fact.text();
        return TokenEstimate.of((fact.key() == null ? "" : fact.key() + ": ") + text + (value.isEmpty() ? "" : " " + value));
    }

    /** Facts ranked by relevance to the query (full-text, then fuzzy); the newest when none matches. */
    private List<Fact> rankedFacts(MemoryScope scope, String userId, String query) {
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
        Checks.storable(request.query(), "/query");
    }
}
