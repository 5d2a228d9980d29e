package dev.plinth.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.orchestrator.StartRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A transaction's run-state saves and outbox records are written together just before it commits
 * (one statement each), yet behave as if written at once: the transaction reads back what it saved,
 * the records reach the relay with their row ids in the order they were added, and a transaction
 * that rolls back — an inner one included — leaves neither rows nor hand-overs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeferredWritesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID TENANT = UUID.randomUUID();
    static final UUID APP = UUID.randomUUID();
    static final JsonNode DEFINITION = JSON.readTree("""
            {"spec": {"workflows": [{"name": "w", "steps": [{"id": "done", "type": "succeed"}]}]}}""");

    EmbeddedPostgresServer postgres;
    PGSimpleDataSource dataSource;
    JdbcClient jdbc;
    RunStore runs;
    Outbox outbox;
    DefaultWorkflows workflows;
    TransactionTemplate transactions;
    TransactionTemplate inner;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Outbox.Pending> handedOver = new CopyOnWriteArrayList<>();

    @BeforeAll
    void database() {
        postgres = EmbeddedPostgresServer.start(Path.of("target/test-postgres-" + UUID.randomUUID()), 0);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        new OrchestratorSchemaMigration(dataSource).afterPropertiesSet();
        jdbc = JdbcClient.create(dataSource);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        runs = new RunStore(template, JSON, EngineTracing.NONE);
        outbox = new Outbox(template, JSON, EngineTracing.NONE);
        outbox.onCommit(handedOver::addAll);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(manager);
        inner = new TransactionTemplate(manager);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        workflows = new DefaultWorkflows(runs, new Plans(runs), new InputSchemas(), outbox, transactions,
                new WorkflowMetrics(meters), "events",
                new Payloads(jdbc, JSON, DataSize.ofKilobytes(64), DataSize.ofMegabytes(1)));
    }

    @AfterAll
    void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void nothingHandedOverYet() {
        handedOver.clear();
    }

    UUID newRun() {
        return workflows.start(new StartRun(TENANT, APP, "app", 1, DEFINITION, "w", JSON.readTree("{}"), null, null))
                .id();
    }

    ObjectNode state(String mark) {
        return JSON.createObjectNode().put("mark", mark);
    }

    String storedMark(UUID run) {
        return jdbc.sql("select state->>'mark' from orchestrator.runs where id = ?").param(run).query(String.class)
                .single();
    }

    long outboxRows(UUID run) {
        return jdbc.sql("select count(*) from orchestrator.outbox where record_key = ?").param(run.toString())
                .query(Long.class).single();
    }

    @Test
    void savesAreReadBackInTheirTransactionAndAllWrittenByItsCommit() {
        UUID first = newRun();
        UUID second = newRun();
        transactions.executeWithoutResult(status -> {
            runs.lock(first);
            runs.save(first, state("one"));
            runs.lock(second);
            runs.save(second, state("two"));
            assertThat(runs.lock(first).orElseThrow().state().path("mark").asString())
                    .as("the transaction reads its own save").isEqualTo("one");
            runs.save(first, state("one, later"));
        });
        assertThat(storedMark(first)).isEqualTo("one, later");
        assertThat(storedMark(second)).isEqualTo("two");
    }

    @Test
    void rowsLockedAheadAreHandedOutOnceAndNeverOlderThanTheTransactionsOwnChanges() {
        UUID saved = newRun();
        UUID paused = newRun();
        UUID untouched = newRun();
        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(untouched, paused, saved));
            RunRow first = runs.lock(saved).orElseThrow();
            assertThat(first.state().path("mark").isMissingNode()).isTrue();
            runs.save(saved, state("saved"));
            assertThat(runs.lock(saved).orElseThrow().state().path("mark").asString())
                    .as("a second lock reads the save, not the row read ahead").isEqualTo("saved");
            runs.status(paused, "paused");
            assertThat(runs.lock(paused).orElseThrow().status())
                    .as("a status change drops the row read ahead").isEqualTo("paused");
            assertThat(runs.lock(untouched).orElseThrow().status()).isEqualTo("running");
            for (UUID run : List.of(saved, paused, untouched)) {
                assertThatThrownBy(() -> {
                    try (java.sql.Connection other = dataSource.getConnection();
                            java.sql.PreparedStatement locking = other.prepareStatement(
                                    "select 1 from orchestrator.runs where id = ? for update nowait")) {
                        locking.setObject(1, run);
                        locking.executeQuery();
                    }
                }).as("run %s is locked by this transaction", run).isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("could not obtain lock");
            }
        });
        assertThat(storedMark(saved)).isEqualTo("saved");
    }

    String attemptStatus(UUID run, String step, int attempt) {
        return jdbc.sql("select status from orchestrator.step_attempts where run_id = ? and step_id = ? and attempt = ?")
                .params(run, step, attempt).query(String.class).single();
    }

    @Test
    void attemptsOfRunsLockedAheadEndOnceAndTheirEndsAreWrittenByTheCommit() {
        UUID run = newRun();
        assertThat(runs.attempt(run, "call", 1, "call", null)).isTrue();
        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(run));
            assertThat(runs.endAttempt(run, "call", 1, "completed", JSON.createObjectNode().put("ok", true), null))
                    .as("a dispatched attempt ends, with its start").isNotNull();
            assertThat(runs.endAttempt(run, "call", 1, "completed", null, null))
                    .as("a repeated result changes nothing").isNull();
            assertThat(runs.endAttempt(run, "never-dispatched", 1, "completed", null, null)).isNull();
            assertThat(runs.attempt(run, "next", 1, "call", null)).isTrue();
            assertThat(runs.endAttempt(run, "next", 1, "failed", null, JSON.createObjectNode().put("type", "x")))
                    .as("an attempt dispatched in this transaction can end in it too").isNotNull();
            assertThat(runs.history(run)).as("reading the history writes the ends first")
                    .extracting(view -> view.stepId() + " " + view.status())
                    .contains("call completed", "next failed");
            assertThat(runs.attempt(run, "last", 1, "call", null)).isTrue();
            assertThat(runs.endAttempt(run, "last", 1, "completed", null, null)).isNotNull();
        });
        assertThat(attemptStatus(run, "call", 1)).isEqualTo("completed");
        assertThat(attemptStatus(run, "next", 1)).isEqualTo("failed");
        assertThat(attemptStatus(run, "last", 1)).as("written by the commit").isEqualTo("completed");
        assertThat(jdbc.sql("select output->>'ok' from orchestrator.step_attempts where run_id = ? and step_id = 'call'")
                .param(run).query(String.class).single()).isEqualTo("true");

        assertThat(runs.attempt(run, "cancelled", 1, "call", null)).isTrue();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(run));
            assertThat(runs.endAttempt(run, "cancelled", 1, "completed", null, null)).isNotNull();
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(attemptStatus(run, "cancelled", 1)).as("a rolled-back end is not written").isEqualTo("dispatched");
        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(run));
            runs.cancelDispatched(run);
            assertThat(runs.endAttempt(run, "cancelled", 1, "completed", null, null))
                    .as("a cancelled attempt does not end again").isNull();
        });
        assertThat(attemptStatus(run, "cancelled", 1)).isEqualTo("cancelled");
    }

    long attempts(UUID run) {
        return jdbc.sql("select count(*) from orchestrator.step_attempts where run_id = ?").param(run)
                .query(Long.class).single();
    }

    @Test
    void attemptsDispatchedForRunsLockedAheadAreWrittenTogetherAndARepeatedOneFailsTheTransaction() {
        UUID run = newRun();
        UUID other = newRun();
        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(run, other));
            assertThat(runs.attempt(run, "a", 1, "call", JSON.createObjectNode().put("n", 1))).isTrue();
            assertThat(runs.attempt(run, "a", 1, "call", null)).as("dispatched already in this transaction").isFalse();
            assertThat(runs.attempt(other, "b", 1, "call", null, java.time.Instant.parse("2030-01-01T00:00:00Z")))
                    .isTrue();
            assertThat(attempts(run)).as("not written yet (read in the transaction)").isZero();
            assertThat(runs.dispatched(run)).as("a statement reading attempts writes them first").containsExactly("a");
            assertThat(runs.attempt(run, "c", 1, "call", null)).isTrue();
        });
        assertThat(attemptStatus(run, "a", 1)).isEqualTo("dispatched");
        assertThat(attemptStatus(run, "c", 1)).as("written by the commit").isEqualTo("dispatched");
        assertThat(jdbc.sql("select input->>'n' from orchestrator.step_attempts where run_id = ? and step_id = 'a'")
                .param(run).query(String.class).single()).isEqualTo("1");
        assertThat(jdbc.sql("select lease_until from orchestrator.step_attempts where run_id = ?").param(other)
                .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo("2030-01-01T00:00:00Z");

        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(run));
            assertThat(runs.endAttempt(run, "a", 1, "completed", null, null)).isNotNull();
        });
        long before = attempts(run);
        long recordsBefore = outboxRows(run);
        handedOver.clear();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(run, other));
            assertThat(runs.attempt(other, "d", 1, "call", null)).isTrue();
            assertThat(runs.attempt(run, "a", 1, "call", null))
                    .as("an attempt that ended is not known to the transaction: taken to be new").isTrue();
            outbox.add("tasks", run, JSON.createObjectNode().put("step", "a"));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("exist already");
        assertThat(attempts(run)).as("the transaction rolled back").isEqualTo(before);
        assertThat(attempts(other)).isEqualTo(1);
        assertThat(outboxRows(run)).isEqualTo(recordsBefore);
        assertThat(handedOver).isEmpty();
    }

    @Test
    void aRunEndedInATransactionIsWrittenWithItsSavesAndReadBackEnded() {
        UUID ended = newRun();
        UUID saved = newRun();
        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(ended, saved));
            RunRow row = runs.lock(ended).orElseThrow();
            runs.save(ended, state("before the end"));
            runs.save(saved, state("saved"));
            runs.finish(ended, "failed", state("at the end"), null, JSON.createObjectNode().put("type", "boom"));
            RunRow again = runs.lock(ended).orElseThrow();
            assertThat(again.status()).as("a later lock reads the end").isEqualTo("failed");
            assertThat(again.state().path("mark").asString()).isEqualTo("at the end");
            assertThat(again.endedAt()).isNotNull();
            assertThat(row.status()).isEqualTo("running");
        });
        RunRow ended1 = runs.find(TENANT, ended).orElseThrow();
        assertThat(ended1.status()).isEqualTo("failed");
        assertThat(ended1.error()).contains("boom");
        assertThat(storedMark(ended)).isEqualTo("at the end");
        RunRow saved1 = runs.find(TENANT, saved).orElseThrow();
        assertThat(saved1.status()).as("a save leaves the status").isEqualTo("running");
        assertThat(saved1.endedAt()).isNull();
        assertThat(storedMark(saved)).isEqualTo("saved");

        UUID succeeded = newRun();
        transactions.executeWithoutResult(status -> {
            runs.lockAll(List.of(succeeded));
            runs.finish(succeeded, "completed", state("done"), JSON.createObjectNode().put("answer", 42), null);
            runs.save(succeeded, state("saved after the end"));
        });
        RunRow done = runs.find(TENANT, succeeded).orElseThrow();
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.output()).contains("42");
        assertThat(done.endedAt()).as("a save after the end keeps it").isNotNull();
        assertThat(storedMark(succeeded)).isEqualTo("saved after the end");
    }

    @Test
    void recordsAreWrittenAtCommitAndHandedOverWithTheirRowIdsInOrder() {
        UUID run = newRun();
        handedOver.clear();
        jdbc.sql("delete from orchestrator.outbox where record_key = ?").param(run.toString()).update();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 5; i++) {
                outbox.add("tasks", run, JSON.createObjectNode().put("n", i), i % 2 == 0 ? Map.of() : Map.of("h", "v"));
            }
            assertThat(handedOver).as("nothing is handed over before the commit").isEmpty();
        });
        assertThat(handedOver).extracting(record -> JSON.readTree(record.payload()).path("n").asInt())
                .containsExactly(0, 1, 2, 3, 4);
        List<Long> ids = new ArrayList<>(handedOver.stream().map(Outbox.Pending::id).toList());
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        for (Outbox.Pending record : handedOver) {
            assertThat(JSON.readTree(jdbc.sql("select payload::text from orchestrator.outbox where id = ?")
                    .param(record.id()).query(String.class).single())).as("row %d", record.id())
                    .isEqualTo(JSON.readTree(record.payload()));
        }
        assertThat(handedOver.get(1).headers()).containsEntry("h", "v");
    }

    @Test
    void aTransactionThatRollsBackLeavesNeitherRowsNorHandOvers() {
        UUID run = newRun();
        runs.save(run, state("before"));
        handedOver.clear();
        long rowsBefore = outboxRows(run);
        transactions.executeWithoutResult(status -> {
            outbox.add("tasks", run, JSON.createObjectNode().put("kept", true));
            assertThatThrownBy(() -> inner.executeWithoutResult(innerStatus -> {
                runs.lock(run);
                runs.save(run, state("rolled back"));
                outbox.add("tasks", run, JSON.createObjectNode().put("kept", false));
                throw new IllegalStateException("the inner transaction fails");
            })).hasMessageContaining("inner transaction fails");
        });
        assertThat(storedMark(run)).isEqualTo("before");
        assertThat(handedOver).extracting(record -> JSON.readTree(record.payload()).path("kept").asBoolean())
                .containsExactly(true);
        assertThat(outboxRows(run)).isEqualTo(rowsBefore + 1);

        handedOver.clear();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            runs.lock(run);
            runs.save(run, state("lost"));
            outbox.add("tasks", run, JSON.createObjectNode());
            status.setRollbackOnly();
            throw new IllegalStateException("the transaction fails");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(storedMark(run)).isEqualTo("before");
        assertThat(handedOver).isEmpty();
        assertThat(outboxRows(run)).isEqualTo(rowsBefore + 1);
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheStoredRunAndStartsNothing() {
        String key = "tick-" + UUID.randomUUID();
        StartRun request = new StartRun(TENANT, APP, "keyed", 1, DEFINITION, "w", JSON.readTree("{}"), key, null);
        var first = workflows.start(request);
        var again = workflows.start(request);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(handedOver).as("one start event").hasSize(1);
        assertThat(meters.get("plinth.workflow.runs.started").tag("app", "keyed").counter().count())
                .as("a run found by its key was not started again").isEqualTo(1.0);
    }
}
