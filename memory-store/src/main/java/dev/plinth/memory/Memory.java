package dev.plinth.memory;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The memory of the apps on Plinth: per tenant, app, user and session. This is the module's Java
 * API, used by the REST API and by workflow memory steps alike; every method validates its input
 * and reports problems as {@link MemoryException}.
 */
public interface Memory {

    // Sessions

    /** Creates a session; a null id generates one. An existing id is a conflict. */
    Session createSession(MemoryScope scope, String userId, String sessionId, JsonNode metadata);

    Session session(MemoryScope scope, String userId, String sessionId);

    /** The user's sessions, newest first. */
    Slice<Session> sessions(MemoryScope scope, String userId, String cursor, int limit);

    /** The ids of the app's users that have a session or a fact, in id order. */
    Slice<String> users(MemoryScope scope, String cursor, int limit);

    /** Changes metadata and/or summary (null leaves a field alone); {@code expectedVersion} guards concurrent edits. */
    Session updateSession(MemoryScope scope, String userId, String sessionId, Long expectedVersion, JsonNode metadata,
            String summary);

    void deleteSession(MemoryScope scope, String userId, String sessionId);

    // Messages

    /**
     * Appends messages in order, creating the session on first use. With an idempotency key, a
     * repeated append returns the messages stored the first time instead of appending again.
     */
    Appended append(MemoryScope scope, String userId, String sessionId, List<NewMessage> messages,
            String idempotencyKey);

    /** Messages after {@code after} or before {@code before} (exclusive; neither means from the start). */
    MessagePage messages(MemoryScope scope, String userId, String sessionId, Integer after, Integer before, int limit);

    /** Replaces a message's content with a redaction marker, keeping its place and role. */
    Message redact(MemoryScope scope, String userId, String sessionId, int seq);

    void deleteMessage(MemoryScope scope, String userId, String sessionId, int seq);

    // Facts (userId null = app-wide)

    /**
     * Remembers a fact. With a key, supersedes the current fact of that key; {@code expectedCurrentId}
     * (from an ETag) refuses the write if the current fact changed meanwhile.
     */
    Fact remember(MemoryScope scope, String userId, NewFact fact, Long expectedCurrentId);

    Fact fact(MemoryScope scope, String userId, long factId);

    /** Facts valid at {@code at} (null = now), optionally of one category, newest first. */
    Slice<Fact> facts(MemoryScope scope, String userId, Instant at, String category, String cursor, int limit);

    /** Every version of the fact with this key, oldest first. */
    List<Fact> history(MemoryScope scope, String userId, String key);

    /** Ends a fact's validity without a successor; it stays in history. */
    Fact forget(MemoryScope scope, String userId, long factId, Long expectedId);

    // Search, context

    List<SearchHit> search(MemoryScope scope, String userId, SearchQuery query);

    AssembledContext context(MemoryScope scope, String userId, String sessionId, ContextRequest request);

    // Erase, policy

    /** Deletes every session, message, fact and embedding of the user in the app. */
    EraseReceipt erase(MemoryScope scope, String userId, String actor);

    /** Deletes all memory of an app (the app itself is being deleted). */
    void eraseApp(MemoryScope scope);

    void applyPolicy(MemoryScope scope, MemoryPolicy policy);
}
