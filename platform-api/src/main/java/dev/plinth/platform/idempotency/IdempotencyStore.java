package dev.plinth.platform.idempotency;

import dev.plinth.platform.web.ApiProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remembers the outcome of creating requests per (tenant, Idempotency-Key) in Postgres, so a
 * retried request gets the first response instead of creating twice — across instances, since
 * the primary key decides which request claims a key.
 */
@Component
class IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

    /** What a stored record says about a request that presents its key. */
    sealed interface Claim {
        record Claimed() implements Claim {
        }

        record InProgress() implements Claim {
        }

        record Mismatch() implements Claim {
        }

        record Completed(int status, String contentType, Map<String, String> headers, byte[] body) implements Claim {
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApiProperties properties;

    IdempotencyStore(JdbcClient jdbc, JsonMapper json, ApiProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    Claim claim(UUID tenantId, String key, String method, String path, String requestHash) {
        Instant now = Instant.now();
        for (int attempt = 0; attempt < 2; attempt++) {
            int inserted = jdbc.sql("""
                    insert into platform.idempotency_records
                        (tenant_id, idempotency_key, request_method, request_path, request_hash, created_at, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict do nothing""")
                    .params(tenantId, key, method, path, requestHash, Timestamp.from(now),
                            Timestamp.from(now.plus(properties.idempotencyRetention())))
                    .update();
            if (inserted == 1) {
                return new Claim.Claimed();
            }
            Optional<Claim> existing = existing(tenantId, key, requestHash, now);
            if (existing.isPresent()) {
                return existing.get();
            }
            // The record had expired and was removed: claim the key afresh.
        }
        return new Claim.InProgress();
    }

    private Optional<Claim> existing(UUID tenantId, String key, String requestHash, Instant now) {
        return jdbc.sql("""
                select request_hash, response_status, response_type, response_headers::text as headers,
                       response_body, expires_at
                from platform.idempotency_records where tenant_id = ? and idempotency_key = ?""")
                .params(tenantId, key)
                .query((rs, row) -> {
                    if (rs.getTimestamp("expires_at").toInstant().isBefore(now)) {
                        forget(tenantId, key);
                        return null;
                    }
                    if (!rs.getString("request_hash").equals(requestHash)) {
                        return (Claim) new Claim.Mismatch();
                    }
                    int status = rs.getInt("response_status");
                    if (rs.wasNull()) {
                        return new Claim.InProgress();
                    }
                    Map<String, String> headers = json.readValue(rs.getString("headers"), new TypeReference<>() {
                    });
                    return new Claim.Completed(status, rs.getString("response_type"), headers,
                            rs.getBytes("response_body"));
                })
                .optional();
    }

    void complete(UUID tenantId, String key, int status, String contentType, Map<String, String> headers, byte[] body) {
        jdbc.sql("""
                update platform.idempotency_records
                set response_status = ?, response_type = ?, response_headers = ?::jsonb, response_body = ?
                where tenant_id = ? and idempotency_key = ?""")
                .params(status, contentType, json.writeValueAsString(headers), body, tenantId, key)
                .update();
    }

    void forget(UUID tenantId, String key) {
        jdbc.sql("delete from platform.idempotency_records where tenant_id = ? and idempotency_key = ?")
                .params(tenantId, key)
                .update();
    }

    @Scheduled(fixedDelayString = "PT15M", initialDelayString = "PT1M")
    void purgeExpired() {
        int purged = jdbc.sql("delete from platform.idempotency_records where expires_at < now()").update();
        if (purged > 0) {
            log.info("Purged {} expired idempotency records", purged);
        }
    }
}
