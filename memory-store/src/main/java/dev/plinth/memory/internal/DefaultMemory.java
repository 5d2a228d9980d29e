package dev.plinth.memory.internal;

import dev.plinth.memory.Appended;
import dev.plinth.memory.AssembledContext;
import dev.plinth.memory.ContextRequest;
import dev.plinth.memory.EraseReceipt;
import dev.plinth.memory.Fact;
import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryPolicy;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.Message;
import dev.plinth.memory.MessagePage;
import dev.plinth.memory.NewFact;
import dev.plinth.memory.NewMessage;
import dev.plinth.memory.SearchHit;
import dev.plinth.memory.SearchQuery;
import dev.plinth.memory.Session;
import dev.plinth.memory.Slice;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The {@link Memory} API: validates ids, runs each write in one transaction and times every
 * operation. A write's time includes its commit (the wait for its WAL flush is part of what a
 * caller waits for), unless it joins a transaction of the caller's, whose commit is the caller's.
 * Reads start no transaction of their own (they join the caller's when there is one): under READ
 * COMMITTED each statement sees what was committed when it began either way, and a read-only
 * transaction only cost its begin and commit on the busiest calls (context, search). The work
 * itself is done by the stores and services it delegates to.
 */
public class DefaultMemory implements Memory {

    private static final int MAX_PAGE = 200;

    private final SessionStore sessions;
    private final MessageStore messages;
    private final Appender appender;
    private final FactStore facts;
    private final EmbeddingQueue queue;
    private final PolicyStore policies;
    private final Searcher searcher;
    private final ContextAssembler context;
    private final Eraser eraser;
    private final MemoryMetrics metrics;
    private final TransactionTemplate transactions;

    DefaultMemory(SessionStore sessions, MessageStore messages, Appender appender, FactStore facts, EmbeddingQueue queue,
            PolicyStore policies, Searcher searcher, ContextAssembler context, Eraser eraser, MemoryMetrics metrics,
            TransactionTemplate transactions) {
        this.sessions = sessions;
        this.messages = messages;
        this.appender = appender;
        this.facts = facts;
        this.queue = queue;
        this.policies = policies;
        this.searcher = searcher;
        this.context = context;
        this.eraser = eraser;
        this.metrics = metrics;
        this.transactions = transactions;
    }

    /** Times a write, in one transaction (the caller's, if it has one), commit included. */
    private <T> T write(String operation, MemoryScope scope, Supplier<T> work) {
        return metrics.time(operation, scope, () -> transactions.execute(status -> work.get()));
    }

    @Override
    public Session createSession(MemoryScope scope, String userId, String sessionId, JsonNode metadata) {
        return write("session.create", scope,
                () -> sessions.create(scope, Checks.userId(userId), sessionId, metadata));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Session session(MemoryScope scope, String userId, String sessionId) {
        return metrics.time("session.get", scope, () -> sessions.get(scope, Checks.userId(userId), sessionId));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Slice<Session> sessions(MemoryScope scope, String userId, String cursor, int limit) {
        return metrics.time("session.list", scope,
                () -> sessions.list(scope, Checks.userId(userId), cursor, Checks.limit(limit, MAX_PAGE)));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Slice<String> users(MemoryScope scope, String cursor, int limit) {
        return metrics.time("user.list", scope, () -> sessions.users(scope, cursor, Checks.limit(limit, MAX_PAGE)));
    }

    @Override
    public Session updateSession(MemoryScope scope, String userId, String sessionId, Long expectedVersion,
            JsonNode metadata, String summary) {
        return write("session.update", scope,
                () -> sessions.update(scope, Checks.userId(userId), sessionId, expectedVersion, metadata, summary));
    }

    @Override
    public void deleteSession(MemoryScope scope, String userId, String sessionId) {
        write("session.delete", scope, () -> {
            long id = sessions.delete(scope, Checks.userId(userId), sessionId);
            queue.forgetSession(id);
            return null;
        });
    }

    @Override
    public Appended append(MemoryScope scope, String userId, String sessionId, List<NewMessage> batch,
            String idempotencyKey) {
        Supplier<Appended> work = () -> appender.append(scope, Checks.userId(userId), Checks.sessionId(sessionId),
                batch, idempotencyKey, searcher.semanticAvailable());
        // Without a key an append is one statement (Appender), which needs no transaction of its own.
        Appended appended = idempotencyKey == null ? metrics.time("message.append", scope, work)
                : write("message.append", scope, work);
        if (!appended.replayed()) {
            metrics.written("message", scope, appended.messages().size());
        }
        return appended;
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public MessagePage messages(MemoryScope scope, String userId, String sessionId, Integer after, Integer before,
            int limit) {
        return metrics.time("message.read", scope, () -> messages.page(sessionId,
                sessions.idOf(scope, Checks.userId(userId), sessionId), after, before, Checks.limit(limit, MAX_PAGE)));
    }

    @Override
    public Message redact(MemoryScope scope, String userId, String sessionId, int seq) {
        return write("message.redact", scope, () -> {
            long id = sessions.idOf(scope, Checks.userId(userId), sessionId);
            Message redacted = messages.redact(sessionId, id, seq);
            queue.forgetMessage(id, seq);
            return redacted;
        });
    }

    @Override
    public void deleteMessage(MemoryScope scope, String userId, String sessionId, int seq) {
        write("message.delete", scope, () -> {
            long id = sessions.idOf(scope, Checks.userId(userId), sessionId);
            messages.delete(sessionId, id, seq);
            queue.forgetMessage(id, seq);
            return null;
        });
    }

    @Override
    public Fact remember(MemoryScope scope, String userId, NewFact fact, Long expectedCurrentId) {
        String owner = owner(userId);
        Fact stored = write("fact.write", scope, () -> {
            Fact written = facts.remember(scope, owner, fact, expectedCurrentId);
            if (!owner.isEmpty()) {
                sessions.touchUser(scope, owner);
            }
            if (searcher.semanticAvailable() && !"none".equals(policies.of(scope).embeddings())) {
                queue.enqueueFact(scope, owner, written.id());
            }
            return written;
        });
        metrics.written("fact", scope, 1);
        return stored;
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Fact fact(MemoryScope scope, String userId, long factId) {
        return metrics.time("fact.get", scope, () -> facts.get(scope, owner(userId), factId));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Slice<Fact> facts(MemoryScope scope, String userId, Instant at, String category, String cursor, int limit) {
        return metrics.time("fact.list", scope,
                () -> facts.valid(scope, owner(userId), at, category, cursor, Checks.limit(limit, MAX_PAGE)));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<Fact> history(MemoryScope scope, String userId, String key) {
        return metrics.time("fact.history", scope, () -> facts.history(scope, owner(userId), key));
    }

    @Override
    public Fact forget(MemoryScope scope, String userId, long factId, Long expectedId) {
        return write("fact.forget", scope, () -> facts.forget(scope, owner(userId), factId, expectedId));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public List<SearchHit> search(MemoryScope scope, String userId, SearchQuery query) {
        return metrics.time("search." + query.mode().name().toLowerCase(java.util.Locale.ROOT), scope,
                () -> searcher.search(scope, Checks.userId(userId), query));
    }

    @Override
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public AssembledContext context(MemoryScope scope, String userId, String sessionId, ContextRequest request) {
        return metrics.time("context", scope,
                () -> context.assemble(scope, Checks.userId(userId), sessionId, request));
    }

    @Override
    public EraseReceipt erase(MemoryScope scope, String userId, String actor) {
        return write("erase", scope, () -> eraser.erase(scope, Checks.userId(userId), actor));
    }

    @Override
    public void eraseApp(MemoryScope scope) {
        write("erase.app", scope, () -> {
            eraser.eraseApp(scope);
            policies.forget(scope);
            return null;
        });
    }

    @Override
    public void applyPolicy(MemoryScope scope, MemoryPolicy policy) {
        transactions.executeWithoutResult(status -> policies.apply(scope, policy));
    }

    private static String owner(String userId) {
        return userId == null ? FactStore.APP_WIDE : Checks.userId(userId);
    }
}
