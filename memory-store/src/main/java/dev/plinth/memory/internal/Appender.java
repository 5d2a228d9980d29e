package dev.plinth.memory.internal;

import dev.plinth.memory.Appended;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.Message;
import dev.plinth.memory.NewMessage;
import dev.plinth.memory.TokenEstimate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Appends messages: validates them, reserves their sequence numbers on the session row, stores
 * them and queues them for embedding — in one statement when the append has no idempotency key,
 * otherwise in the caller's transaction. An idempotency key is claimed before any sequence number
 * is reserved, so a repeated append neither duplicates messages nor leaves a gap.
 */
class Appender {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool");

    private final JdbcClient jdbc;
    private final SessionStore sessions;
    private final MessageStore messages;
    private final PolicyStore policies;
    private final JsonCodec json;
    private final MemoryProperties limits;

    Appender(JdbcClient jdbc, SessionStore sessions, MessageStore messages, PolicyStore policies,
            JsonCodec json, MemoryProperties limits) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.messages = messages;
        this.policies = policies;
        this.json = json;
        this.limits = limits;
    }

    Appended append(MemoryScope scope, String userId, String sessionId, List<NewMessage> batch, String key,
            boolean indexed) {
        List<MessageStore.Prepared> prepared = prepare(batch);
        boolean queued = indexed && !"none".equals(policies.of(scope).embeddings());
        if (key == null) {
            return appendAtOnce(scope, userId, sessionId, prepared, queued);
        }
        SessionStore.Claimed session = sessions.claim(scope, userId, sessionId, 0);
        List<Message> earlier = earlierAppend(session.id(), sessionId, key, hash(prepared), prepared.size());
        if (earlier != null) {
            return new Appended(session.session(), earlier, true);
        }
        Appended appended = appendAtOnce(scope, userId, sessionId, prepared, queued);
        jdbc.sql("update memory.append_keys set first_seq = ? where session_id = ? and append_key = ?")
                .params(appended.messages().get(0).seq(), session.id(), key).update();
        return appended;
    }

    /**
     * Every write of an append in one statement: the session's sequence numbers reserved (the
     * session created on first use, and then its user), the messages stored and queued for
     * embedding. Without an idempotency key the statement runs outside a transaction and is its own,
     * so the append costs one round trip to PostgreSQL, its commit included; with one it follows the
     * key's claim in the caller's transaction. Concurrent appenders to one session queue on the
     * session row.
     */
    private Appended appendAtOnce(MemoryScope scope, String userId, String sessionId,
            List<MessageStore.Prepared> prepared, boolean queued) {
        int count = prepared.size();
        String[] roles = new String[count];
        String[] names = new String[count];
        String[] contents = new String[count];
        String[] metadata = new String[count];
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            MessageStore.Prepared message = prepared.get(i);
            roles[i] = message.role();
            names[i] = message.name();
            contents[i] = message.content();
            metadata[i] = message.metadata();
            tokens[i] = message.tokens();
        }
        Instant now = Instant.now();
        Timestamp at = Timestamp.from(now);
        UUID tenant = scope.tenantId();
        UUID app = scope.appId();
        SessionStore.Claimed claimed = jdbc.sql("""
                with session as (""" + SessionStore.CLAIM + """
                ), seen as (
                    insert into memory.users (tenant_id, app_id, user_id, first_seen, last_seen)
                    select ?, ?, ?, ?, ? from session where created
                    on conflict (app_id, user_id) do update set last_seen = excluded.last_seen
                ), stored as (
                    insert into memory.messages
                        (session_id, seq, tenant_id, app_id, user_id, role, name, content, metadata, tokens, created_at)
                    select session.id, session.last_seq - ? + m.ord, ?, ?, ?, m.role, m.name, m.content,
                           m.metadata::jsonb, m.tokens, ?
                    from session, unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
                        with ordinality as m (role, name, content, metadata, tokens, ord)
                ), queued as (
                    insert into memory.embedding_queue
                        (tenant_id, app_id, user_id, kind, ref_id, ref_seq, enqueued_at, not_before)
                    select ?, ?, ?, 'message', session.id, session.last_seq - ? + n, ?, ?
                    from session, generate_series(1, ?) as n
                )
                select * from session""")
                .params(tenant, app, userId, sessionId, count, at, at,
                        tenant, app, userId, at, at,
                        count, tenant, app, userId, at, roles, names, contents, metadata, tokens,
                        tenant, app, userId, count, at, at, queued ? count : 0)
                .query((rs, row) -> new SessionStore.Claimed(rs.getLong("id"), rs.getInt("last_seq"),
                        rs.getBoolean("created"), sessions.session(rs, row)))
                .optional()
                .orElseThrow(() -> MemoryException.notFound("Session '" + sessionId + "'"));
        return new Appended(claimed.session(), messages.stored(sessionId, claimed.lastSeq() - count + 1, prepared, now),
                false);
    }

    /** The messages of an earlier append with this key, or null when the key is new (and now claimed). */
    private List<Message> earlierAppend(long sessionRowId, String sessionId, String key, String hash, int count) {
        int inserted = jdbc.sql("""
                insert into memory.append_keys (session_id, append_key, request_hash, count, created_at)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(sessionRowId, key, hash, count, Timestamp.from(Instant.now())).update();
        if (inserted == 1) {
            return null;
        }
        record Earlier(String hash, Integer firstSeq, int count) {
        }
        Earlier earlier = jdbc.sql("select request_hash, first_seq, count from memory.append_keys "
                        + "where session_id = ? and append_key = ?")
                .params(sessionRowId, key)
                .query((rs, row) -> new Earlier(rs.getString(1), (Integer) rs.getObject(2), rs.getInt(3)))
                .single();
        if (!earlier.hash().equals(hash)) {
            throw new MemoryException(MemoryException.Kind.CONFLICT,
                    "This idempotency key was already used for different messages in this session", "/idempotencyKey",
                    "use a new key for a new append");
        }
        return messages.range(sessionId, sessionRowId, earlier.firstSeq(), earlier.count());
    }

    private List<MessageStore.Prepared> prepare(List<NewMessage> batch) {
        if (batch == null || batch.isEmpty()) {
            throw MemoryException.invalid("/messages", "at least one message is required", null);
        }
        if (batch.size() > limits.maxBatch()) {
            throw MemoryException.invalid("/messages", "at most " + limits.maxBatch() + " messages per append",
                    "split the batch");
        }
        List<MessageStore.Prepared> prepared = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            NewMessage message = batch.get(i);
            String at = "/messages/" + i;
            if (message.role() == null || !ROLES.contains(message.role())) {
                throw MemoryException.invalid(at + "/role", "role must be one of user, assistant, system, tool",
                        message.role() == null ? null : "'" + message.role() + "' is not a role");
            }
            if (message.content() == null || message.content().isBlank()) {
                throw MemoryException.invalid(at + "/content", "content must not be empty", null);
            }
            Checks.storable(message.content(), at + "/content");
            Checks.storable(message.name(), at + "/name");
            if (message.content().getBytes(StandardCharsets.UTF_8).length > limits.maxMessageSize().toBytes()) {
                throw new MemoryException(MemoryException.Kind.TOO_LARGE,
                        "message content exceeds " + limits.maxMessageSize().toBytes() + " bytes", at + "/content",
                        "store large documents elsewhere and reference them");
            }
            if (message.name() != null && (message.name().isBlank() || message.name().length() > 256)) {
                throw MemoryException.invalid(at + "/name", "name must be 1-256 characters", null);
            }
            if (message.tokens() != null && message.tokens() < 0) {
                throw MemoryException.invalid(at + "/tokens", "tokens must not be negative", null);
            }
            String metadata = json.write(JsonCodec.metadata(message.metadata(), at + "/metadata"));
            int tokens = message.tokens() != null ? message.tokens() : TokenEstimate.of(message.content());
            prepared.add(new MessageStore.Prepared(message.role(), message.content(), message.name(), metadata,
                    tokens));
        }
        return prepared;
    }

    private static String hash(List<MessageStore.Prepared> prepared) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (MessageStore.Prepared message : prepared) {
                for (String part : new String[] {message.role(), message.name(), message.content(), message.metadata(),
                        Integer.toString(message.tokens())}) {
                    digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
