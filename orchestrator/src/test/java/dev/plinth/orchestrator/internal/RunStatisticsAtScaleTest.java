package dev.plinth.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.orchestrator.RunStatistics.StepLatency;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Step latency per bucket stays one index range over a tenant's ended runs, and a primary-key probe
 * of their step attempts, with 50,000 runs per tenant for two tenants (three attempts each) and
 * parallel branches beside them: {@code EXPLAIN} shows no sequential scan, and the figures match the
 * plain SQL answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunStatisticsAtScaleTest {

    static final int RUNS = 50_000;
    static final UUID TENANT = UUID.randomUUID();
    static final UUID OTHER_TENANT = UUID.randomUUID();
    static final Pattern INDEX_NAME = Pattern.compile("\"Index Name\":\\s*\"([^\"]+)\"");

    EmbeddedPostgresServer postgres;
    JdbcClient jdbc;
    RunStatisticsStore statistics;
    Instant now;

    @BeforeAll
    void twoTenantsWithManyRuns() {
        postgres = EmbeddedPostgresServer.start(Path.of("target/test-postgres-" + UUID.randomUUID()), 0);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        new OrchestratorSchemaMigration(dataSource).afterPropertiesSet();
        jdbc = JdbcClient.create(dataSource);
        statistics = new RunStatisticsStore(jdbc);
        now = Instant.now();
        long definition = jdbc.sql("""
                insert into orchestrator.workflow_definitions (app_id, revision, workflow, definition)
                values (?, 1, 'checkout', '{}') returning id""").param(UUID.randomUUID()).query(Long.class).single();
        for (UUID tenant : List.of(TENANT, OTHER_TENANT)) {
            // One run ends every 12 s (about a week in all); 1 in 7 is still running.
            jdbc.sql("""
                    insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                        status, input, state, created_at, updated_at, ended_at)
                    select gen_random_uuid(), ?, ?, 'shop', ?, 1, 'checkout',
                        case when i % 7 = 0 then 'running' when i % 11 = 0 then 'failed' else 'completed' end,
                        '{}', '{}', ?::timestamptz - make_interval(secs => i * 12 + 5),
                        ?::timestamptz - make_interval(secs => i * 12),
                        case when i % 7 <> 0 then ?::timestamptz - make_interval(secs => i * 12) end
                    from generate_series(1, ?) i""")
                    .params(tenant, UUID.randomUUID(), definition, Timestamp.from(now), Timestamp.from(now),
                            Timestamp.from(now), RUNS)
                    .update();
        }
        // Branches of parallel steps: ended beside their parents, never measured.
        jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, created_at, updated_at, ended_at, parent_run_id, parent_step_id,
                    parent_attempt, parent_slot, scope)
                select gen_random_uuid(), p.tenant_id, p.app_id, p.app_name, p.definition_id, p.revision, p.workflow,
                    'completed', p.input, p.state, p.created_at, p.updated_at, p.ended_at, p.id, 'fan', 1, b, 'fan/each'
                from (select * from orchestrator.runs where ended_at is not null limit 2000) p,
                    generate_series(0, 4) b""").update();
        // Every run: a call that failed after 100-300 ms, its retry, and a transform; the retry of a
        // running run is still open.
        jdbc.sql("""
                insert into orchestrator.step_attempts
                    (run_id, step_id, attempt, step_type, status, started_at, ended_at)
                select r.id, s.step_id, s.attempt, s.step_type, s.status,
                    coalesce(r.ended_at, r.updated_at) - make_interval(secs => s.seconds),
                    case when r.ended_at is not null or s.attempt = 1 then coalesce(r.ended_at, r.updated_at) end
                from orchestrator.runs r, lateral (values
                    ('lookup', 1, 'call', 'failed', 0.1 + (abs(hashtext(r.id::text)) % 200) / 1000.0),
                    ('lookup', 2, 'call', 'completed', 0.05),
                    ('shape', 1, 'transform', 'completed', 0.002)) s(step_id, attempt, step_type, status, seconds)""")
                .update();
        jdbc.sql("analyze orchestrator.runs").update();
        jdbc.sql("analyze orchestrator.step_attempts").update();
    }

    @AfterAll
    void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theConsolesWindowsReadOneIndexRangeAndNoStepAttemptsBeyondIt() {
        for (Duration window : List.of(Duration.ofHours(1), Duration.ofDays(1))) {
            Duration bucket = window.toHours() > 1 ? Duration.ofHours(1) : Duration.ofMinutes(1);
            String plan = jdbc.sql("explain (format json) " + RunStatisticsStore.STEP_LATENCY)
                    .params(bucket.toSeconds() + " seconds", Timestamp.from(Instant.EPOCH), TENANT,
                            Timestamp.from(now.minus(window)), Timestamp.from(now))
                    .query(String.class).single();
            List<String> indexes = INDEX_NAME.matcher(plan).results().map(match -> match.group(1)).distinct().toList();
            // For whoever reads the test report: what each window reads.
            System.out.printf("step latency over %s: %s%n", window, indexes);
            assertThat(plan.replaceAll("\\s", "")).as(window + ": " + plan).doesNotContain("\"NodeType\":\"SeqScan\"");
            assertThat(indexes).as(window.toString()).contains("runs_ended_by_tenant", "step_attempts_pkey");
        }
    }

    @Test
    void theFiguresAreThoseOfThePlainQuery() {
        Instant from = now.minus(Duration.ofHours(1));
        List<StepLatency> measured = statistics.stepLatency(TENANT, from, now, Duration.ofMinutes(1));

        record Plain(long attempts, double mean, double p95) {
        }
        List<Plain> expected = jdbc.sql("""
                select count(*) as attempts, avg(extract(epoch from a.ended_at - a.started_at)) * 1000 as mean,
                    percentile_cont(0.95) within group (order by extract(epoch from a.ended_at - a.started_at)) * 1000
                        as p95
                from orchestrator.runs r join orchestrator.step_attempts a on a.run_id = r.id
                where r.tenant_id = ? and r.scope is null and r.ended_at >= ? and r.ended_at < ?
                  and a.ended_at is not null and a.step_type = 'call'
                group by date_bin('1 minute', r.ended_at, 'epoch'::timestamptz)
                order by date_bin('1 minute', r.ended_at, 'epoch'::timestamptz)""")
                .params(TENANT, Timestamp.from(from), Timestamp.from(now))
                .query((row, n) -> new Plain(row.getLong("attempts"), row.getDouble("mean"), row.getDouble("p95")))
                .list();
        List<StepLatency> calls = measured.stream().filter(m -> "call".equals(m.stepType())).toList();
        assertThat(calls).hasSameSizeAs(expected).hasSizeGreaterThanOrEqualTo(60);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).attempts()).isEqualTo(expected.get(i).attempts());
            assertThat(calls.get(i).meanMillis()).isCloseTo(expected.get(i).mean(), offset(1e-6));
            assertThat(calls.get(i).p95Millis()).isCloseTo(expected.get(i).p95(), offset(1e-6));
        }
        long overall = measured.stream().filter(m -> m.stepType() == null).mapToLong(StepLatency::attempts).sum();
        long byType = measured.stream().filter(m -> m.stepType() != null).mapToLong(StepLatency::attempts).sum();
        assertThat(overall).as("every step type together").isEqualTo(byType).isPositive();
        assertThat(measured).as("oldest first").isSortedAccordingTo(Comparator.comparing(StepLatency::start));
    }
}
