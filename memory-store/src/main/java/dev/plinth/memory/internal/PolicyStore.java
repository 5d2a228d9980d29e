package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryPolicy;
import dev.plinth.memory.MemoryScope;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Per-app memory policies, written when an app's definition changes. Reads are cached briefly:
 * every append consults the policy, and a policy change may take a few seconds to reach every
 * instance.
 */
class PolicyStore {

    private static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private record Cached(MemoryPolicy policy, Instant until) {
    }

    /** A stored policy with the app it belongs to, for the purge loop. */
    record AppPolicy(UUID tenantId, UUID appId, MemoryPolicy policy) {
    }

    private final JdbcClient jdbc;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    PolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void apply(MemoryScope scope, MemoryPolicy policy) {
        jdbc.sql("""
                insert into memory.app_policies
                    (tenant_id, app_id, message_retention, fact_retention, run_retention, embeddings, updated_at)
                values (?, ?, ?::interval, ?::interval, ?::interval, ?, ?)
                on conflict (app_id) do update set message_retention = excluded.message_retention,
                    fact_retention = excluded.fact_retention, run_retention = excluded.run_retention,
                    embeddings = excluded.embeddings, updated_at = excluded.updated_at""")
                .params(scope.tenantId(), scope.appId(), interval(policy.messageRetention()),
                        interval(policy.factRetention()), interval(policy.runRetention()), policy.embeddings(),
                        Timestamp.from(Instant.now()))
                .update();
        cache.remove(scope.appId());
    }

    MemoryPolicy of(MemoryScope scope) {
        Cached cached = cache.get(scope.appId());
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached.policy();
        }
        MemoryPolicy policy = jdbc.sql("""
                select extract(epoch from message_retention) as messages, extract(epoch from fact_retention) as facts,
                       extract(epoch from run_retention) as runs, embeddings
                from memory.app_policies where app_id = ? and tenant_id = ?""")
                .params(scope.appId(), scope.tenantId())
                .query((rs, row) -> new MemoryPolicy(seconds(rs.getObject("messages")), seconds(rs.getObject("facts")),
                        seconds(rs.getObject("runs")), rs.getString("embeddings")))
                .optional()
                .orElse(MemoryPolicy.DEFAULT);
        cache.put(scope.appId(), new Cached(policy, Instant.now().plus(CACHE_TTL)));
        return policy;
    }

    List<AppPolicy> withRetention() {
        return jdbc.sql("""
                select tenant_id, app_id, extract(epoch from message_retention) as messages,
                       extract(epoch from fact_retention) as facts, extract(epoch from run_retention) as runs, embeddings
                from memory.app_policies where message_retention is not null or fact_retention is not null""")
                .query((rs, row) -> new AppPolicy(rs.getObject("tenant_id", UUID.class),
                        rs.getObject("app_id", UUID.class), new MemoryPolicy(seconds(rs.getObject("messages")),
                        seconds(rs.getObject("facts")), seconds(rs.getObject("runs")), rs.getString("embeddings"))))
                .list();
    }

    void forget(MemoryScope scope) {
        jdbc.sql("delete from memory.app_policies where app_id = ? and tenant_id = ?")
                .params(scope.appId(), scope.tenantId()).update();
        cache.remove(scope.appId());
    }

    private static String interval(Duration duration) {
        return duration == null ? null : duration.toSeconds() + " seconds";
    }

    private static Duration seconds(Object epoch) {
        return epoch == null ? null : Duration.ofSeconds(((Number) epoch).longValue());
    }
}
