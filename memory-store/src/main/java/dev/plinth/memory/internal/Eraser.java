package dev.plinth.memory.internal;

import dev.plinth.memory.EraseReceipt;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The right to be forgotten: deletes everything memory holds about one user of one app and keeps a
 * receipt of counts. The receipt stores the user id only as a SHA-256, so an erasure can later be
 * confirmed for a given id without keeping the id itself.
 */
class Eraser {

    private final JdbcClient jdbc;

    Eraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    EraseReceipt erase(MemoryScope scope, String userId, String actor) {
        boolean known = jdbc.sql("select exists (select 1 from memory.users where app_id = ? and tenant_id = ? "
                        + "and user_id = ?) or exists (select 1 from memory.facts where app_id = ? and tenant_id = ? "
                        + "and user_id = ?)")
                .params(scope.appId(), scope.tenantId(), userId, scope.appId(), scope.tenantId(), userId)
                .query(Boolean.class).single();
        if (!known) {
            throw MemoryException.notFound("User '" + userId + "'");
        }
        long embeddings = delete("embeddings", scope, userId);
        delete("embedding_queue", scope, userId);
        long messages = delete("messages", scope, userId);
        long sessions = delete("sessions", scope, userId);
        long facts = delete("facts", scope, userId);
        delete("users", scope, userId);
        EraseReceipt receipt = new EraseReceipt(UUID.randomUUID(), userId, sessions, messages, facts, embeddings,
                Instant.now());
        jdbc.sql("""
                insert into memory.erasures
                    (id, tenant_id, app_id, user_hash, sessions, messages, facts, embeddings, erased_by, erased_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(receipt.receiptId(), scope.tenantId(), scope.appId(), sha256(userId), sessions, messages, facts,
                        embeddings, actor, Timestamp.from(receipt.erasedAt()))
                .update();
        return receipt;
    }

    void eraseApp(MemoryScope scope) {
        for (String table : new String[] {"embeddings", "embedding_queue", "messages", "sessions", "facts", "users"}) {
            jdbc.sql("delete from memory." + table + " where app_id = ? and tenant_id = ?")
                    .params(scope.appId(), scope.tenantId()).update();
        }
    }

    private long delete(String table, MemoryScope scope, String userId) {
        return jdbc.sql("delete from memory." + table + " where app_id = ? and tenant_id = ? and user_id = ?")
                .params(scope.appId(), scope.tenantId(), userId).update();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
