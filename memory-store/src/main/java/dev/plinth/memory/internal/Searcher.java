package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.SearchHit;
import dev.plinth.memory.SearchQuery;
import dev.plinth.memory.embedding.EmbeddingProvider;
import dev.plinth.memory.embedding.Vectors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Search over one user's memory. Full-text uses Postgres ranking; fuzzy uses trigram word
 * similarity; semantic compares embeddings (computed off the request path, so recent items may not
 * be indexed yet — they are still found by the other modes); hybrid fuses the three rankings by
 * reciprocal rank (k = 60), which needs no score calibration between modes.
 */
class Searcher {

    static final int RRF_K = 60;
    static final int MAX_QUERY = 1000;
    // Lower than pg_trgm's default word-similarity threshold (0.6), which misses single-typo words such as
    // "sweeter" for "sweater". Compared in SQL, so no per-query setting is needed; the per-user index
    // narrows the rows first, so the trigram index is not what makes it fast.
    static final double FUZZY_THRESHOLD = 0.4;

    /** A found item before fusion: its identity, text and rank within one mode. */
    record Candidate(String kind, String ref, double score, String text, String sessionId, Integer seq, Long factId,
            String key, java.time.Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final Optional<EmbeddingProvider> embeddings;

    Searcher(JdbcClient jdbc, Optional<EmbeddingProvider> embeddings) {
        this.jdbc = jdbc;
        this.embeddings = embeddings;
    }

    boolean semanticAvailable() {
        return embeddings.isPresent();
    }

    List<SearchHit> search(MemoryScope scope, String userId, SearchQuery query) {
        if (query.query() == null || query.query().isBlank()) {
            throw MemoryException.invalid("/q", "the search query must not be empty", null);
        }
        if (query.query().length() > MAX_QUERY) {
            throw MemoryException.invalid("/q", "the search query is longer than " + MAX_QUERY + " characters", null);
        }
        Checks.storable(query.query(), "/q");
        Checks.limit(query.limit(), 100);
        int depth = Math.max(query.limit() * 3, 20);
        Map<String, List<Candidate>> rankings = new LinkedHashMap<>();
        SearchQuery.Mode mode = query.mode();
        if (mode == SearchQuery.Mode.FULLTEXT || mode == SearchQuery.Mode.HYBRID) {
            rankings.put("fulltext", fulltext(scope, userId, query, depth));
        }
        if (mode == SearchQuery.Mode.FUZZY || mode == SearchQuery.Mode.HYBRID) {
            rankings.put("fuzzy", fuzzy(scope, userId, query, depth));
        }
        if ((mode == SearchQuery.Mode.SEMANTIC || mode == SearchQuery.Mode.HYBRID) && embeddings.isPresent()) {
            rankings.put("semantic", semantic(scope, userId, query, depth));
        }
        return fuse(rankings, mode == SearchQuery.Mode.HYBRID, query.limit());
    }

    private List<Candidate> fulltext(MemoryScope scope, String userId, SearchQuery query, int depth) {
        List<Candidate> found = new ArrayList<>();
        if (query.kinds().contains("message")) {
            found.addAll(jdbc.sql("""
                    select s.session_key, m.seq, m.content, m.created_at, ts_rank_cd(m.search, q) as score
                    from memory.messages m join memory.sessions s on s.id = m.session_id,
                         websearch_to_tsquery('english', ?) q
                    where m.app_id = ? and m.tenant_id = ? and m.user_id = ? and m.redacted_at is null
                      and m.search @@ q
                    order by score desc, m.created_at desc limit ?""")
                    .params(query.query(), scope.appId(), scope.tenantId(), userId, depth)
                    .query(this::messageCandidate).list());
        }
        if (query.kinds().contains("fact")) {
            found.addAll(jdbc.sql("""
                    select f.id, f.fact_key, coalesce(f.text, f.value::text) as text, f.valid_from,
                           ts_rank_cd(f.search, q) as score
                    from memory.facts f, websearch_to_tsquery('english', ?) q
                    where f.app_id = ? and f.tenant_id = ? and f.user_id in (?, '') and f.invalid_at is null
                      and (f.expires_at is null or f.expires_at > now()) and f.search @@ q
                    order by score desc limit ?""")
                    .params(query.query(), scope.appId(), scope.tenantId(), userId, depth)
                    .query(this::factCandidate).list());
        }
        return ranked(found, depth);
    }

    private List<Candidate> fuzzy(MemoryScope scope, String userId, SearchQuery query, int depth) {
        String text = query.query().toLowerCase(Locale.ROOT);
        List<Candidate> found = new ArrayList<>();
        if (query.kinds().contains("message")) {
            found.addAll(jdbc.sql("""
                    select s.session_key, m.seq, m.content, m.created_at, word_similarity(?, m.content) as score
                    from memory.messages m join memory.sessions s on s.id = m.session_id
                    where m.app_id = ? and m.tenant_id = ? and m.user_id = ? and m.redacted_at is null
                      and word_similarity(?, m.content) >= ?
                    order by score desc, m.created_at desc limit ?""")
                    .params(text, scope.appId(), scope.tenantId(), userId, text, FUZZY_THRESHOLD, depth)
                    .query(this::messageCandidate).list());
        }
        if (query.kinds().contains("fact")) {
            found.addAll(jdbc.sql("""
                    select f.id, f.fact_key, coalesce(f.text, f.value::text) as text, f.valid_from,
                           word_similarity(?, coalesce(f.fact_key, '') || ' ' || coalesce(f.text, f.value::text)) as score
                    from memory.facts f
                    where f.app_id = ? and f.tenant_id = ? and f.user_id in (?, '') and f.invalid_at is null
                      and (f.expires_at is null or f.expires_at > now())
                      and word_similarity(?, coalesce(f.fact_key, '') || ' ' || coalesce(f.text, f.value::text)) >= ?
                    order by score desc limit ?""")
                    .params(text, scope.appId(), scope.tenantId(), userId, text, FUZZY_THRESHOLD, depth)
                    .query(this::factCandidate).list());
        }
        return ranked(found, depth);
    }

    private List<Candidate> semantic(MemoryScope scope, String userId, SearchQuery query, int depth) {
        float[] probe = embeddings.orElseThrow().embed(List.of(query.query())).get(0);
        List<Candidate> found = new ArrayList<>();
        if (query.kinds().contains("message")) {
            found.addAll(jdbc.sql("""
                    select s.session_key, m.seq, m.content, m.created_at, e.vector
                    from memory.embeddings e
                    join memory.messages m on m.session_id = e.ref_id and m.seq = e.ref_seq
                    join memory.sessions s on s.id = m.session_id
                    where e.app_id = ? and e.tenant_id = ? and e.user_id = ? and e.kind = 'message'
                      and m.redacted_at is null""")
                    .params(scope.appId(), scope.tenantId(), userId)
                    .query((rs, row) -> messageCandidate(rs, Vectors.dot(probe, vector(rs))))
                    .list());
        }
        if (query.kinds().contains("fact")) {
            found.addAll(jdbc.sql("""
                    select f.id, f.fact_key, coalesce(f.text, f.value::text) as text, f.valid_from, e.vector
                    from memory.embeddings e join memory.facts f on f.id = e.ref_id
                    where e.app_id = ? and e.tenant_id = ? and e.user_id in (?, '') and e.kind = 'fact'
                      and f.invalid_at is null and (f.expires_at is null or f.expires_at > now())""")
                    .params(scope.appId(), scope.tenantId(), userId)
                    .query((rs, row) -> factCandidate(rs, Vectors.dot(probe, vector(rs))))
                    .list());
        }
        return ranked(found, depth);
    }

    private static List<Candidate> ranked(List<Candidate> candidates, int depth) {
        return candidates.stream().sorted(Comparator.comparingDouble(Candidate::score).reversed()).limit(depth)
                .toList();
    }

    private static List<SearchHit> fuse(Map<String, List<Candidate>> rankings, boolean hybrid, int limit) {
        Map<String, Candidate> items = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> matches = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        rankings.forEach((mode, ranking) -> {
            for (int i = 0; i < ranking.size(); i++) {
                Candidate candidate = ranking.get(i);
                String id = candidate.kind() + ":" + candidate.ref();
                items.putIfAbsent(id, candidate);
                matches.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(mode, i + 1);
                double score = hybrid ? 1.0 / (RRF_K + i + 1) : candidate.score();
                scores.merge(id, score, Double::sum);
            }
        });
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(limit)
                .map(entry -> {
                    Candidate c = items.get(entry.getKey());
                    return new SearchHit(c.kind(), entry.getValue(), matches.get(entry.getKey()), c.text(),
                            c.sessionId(), c.seq(), c.factId(), c.key(), c.createdAt());
                })
                .toList();
    }

    private Candidate messageCandidate(ResultSet rs, int row) throws SQLException {
        return messageCandidate(rs, rs.getDouble("score"));
    }

    private Candidate messageCandidate(ResultSet rs, double score) throws SQLException {
        String session = rs.getString("session_key");
        int seq = rs.getInt("seq");
        return new Candidate("message", session + "#" + seq, score, rs.getString("content"), session, seq, null, null,
                rs.getTimestamp("created_at").toInstant());
    }

    private Candidate factCandidate(ResultSet rs, int row) throws SQLException {
        return factCandidate(rs, rs.getDouble("score"));
    }

    private Candidate factCandidate(ResultSet rs, double score) throws SQLException {
        long id = rs.getLong("id");
        return new Candidate("fact", Long.toString(id), score, rs.getString("text"), null, null, id,
                rs.getString("fact_key"), rs.getTimestamp("valid_from").toInstant());
    }

    private static float[] vector(ResultSet rs) throws SQLException {
        Float[] boxed = (Float[]) rs.getArray("vector").getArray();
        float[] vector = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            vector[i] = boxed[i];
        }
        return vector;
    }
}
