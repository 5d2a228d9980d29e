package dev.plinth.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.orchestrator.RunFilter;
import dev.plinth.orchestrator.RunPage;
import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.WorkflowException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listing runs stays an index range with 100,000 runs in an app: every filter combination the
 * console offers is explained (no sequential scan of {@code orchestrator.runs}) and paged through
 * with cursors against the plain SQL answer. The runs are copies, made with {@code generate_series},
 * of runs the engine's own {@link DefaultWorkflows#start} stored, plus branch rows (never listed) and
 * a second app's runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunListingAtScaleTest {

    static final int RUNS = 100_000;
    static final UUID TENANT = UUID.randomUUID();
    static final UUID APP = UUID.randomUUID();
    static final UUID OTHER_APP = UUID.randomUUID();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final java.util.regex.Pattern INDEX_NAME = java.util.regex.Pattern.compile("\"Index Name\":\\s*\"([^\"]+)\"");
    static final JsonNode DEFINITION = JSON.readTree("""
            {"spec": {"workflows": [
              {"name": "checkout", "steps": [{"id": "done", "type": "succeed"}]},
              {"name": "refund", "steps": [{"id": "done", "type": "succeed"}]},
              {"name": "audit", "steps": [{"id": "done", "type": "succeed"}]}]}}""");

    EmbeddedPostgresServer postgres;
    JdbcClient jdbc;
    RunStore runs;
    DefaultWorkflows workflows;

    @BeforeAll
    void oneHundredThousandRuns() {
        postgres = EmbeddedPostgresServer.start(Path.of("target/test-postgres-" + UUID.randomUUID()), 0);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        new OrchestratorSchemaMigration(dataSource).afterPropertiesSet();
        jdbc = JdbcClient.create(dataSource);
        JdbcTemplate statements = new JdbcTemplate(dataSource);
        runs = new RunStore(statements, JSON, EngineTracing.NONE);
        workflows = new DefaultWorkflows(runs, new Plans(runs), new InputSchemas(),
                new Outbox(statements, JSON, EngineTracing.NONE),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new WorkflowMetrics(new SimpleMeterRegistry()), "events", new Payloads(jdbc, JSON,
                DataSize.ofKilobytes(64), DataSize.ofMegabytes(1)));

        UUID template = start(APP, "checkout");
        UUID otherTemplate = start(OTHER_APP, "checkout");
        // Three runs share each start time (30 s apart, about 12 days in all), so the cursor's id
        // tiebreak matters; 1 in 100 runs is an audit, 1 in 20 a refund; 1 in 7 is still running.
        jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, output, error, created_at, updated_at, ended_at, environment)
                select gen_random_uuid(), t.tenant_id, t.app_id, t.app_name, t.definition_id, t.revision,
                    case when i % 100 = 0 then 'audit' when i % 20 = 0 then 'refund' else 'checkout' end,
                    s.status, t.input, t.state,
                    case when s.status = 'completed' then '{"ok": true}'::jsonb end,
                    case when s.status = 'failed' then '{"type": "connection-error"}'::jsonb end,
                    now() - make_interval(secs => (i / 3) * 30), now() - make_interval(secs => (i / 3) * 30),
                    case when s.status <> 'running' then now() - make_interval(secs => (i / 3) * 30) end, t.environment
                from orchestrator.runs t, generate_series(1, ?) i,
                    lateral (select case when i % 7 = 0 then 'running' when i % 11 = 0 then 'failed'
                                         else 'completed' end as status) s
                where t.id = ?""")
                .params(RUNS, template).update();
        jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, created_at, updated_at, ended_at, environment)
                select gen_random_uuid(), t.tenant_id, t.app_id, t.app_name, t.definition_id, t.revision, t.workflow,
                    'completed', t.input, t.state, now() - make_interval(secs => i), now(), now(), t.environment
                from orchestrator.runs t, generate_series(1, 20000) i where t.id = ?""")
                .params(otherTemplate).update();
        // Branches of a thousand parallel steps: stored beside the runs, never listed.
        jdbc.sql("""
                insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                    status, input, state, created_at, updated_at, ended_at, parent_run_id, parent_step_id,
                    parent_attempt, parent_slot, scope)
                select gen_random_uuid(), p.tenant_id, p.app_id, p.app_name, p.definition_id, p.revision, p.workflow,
                    'completed', p.input, p.state, p.created_at, p.updated_at, p.ended_at, p.id, 'fan', 1, b, 'fan/each'
                from (select * from orchestrator.runs where app_id = ? and workflow = 'refund' limit 1000) p,
                    generate_series(0, 9) b""")
                .param(APP).update();
        jdbc.sql("analyze orchestrator.runs").update();
    }

    UUID start(UUID app, String workflow) {
        return workflows.start(new StartRun(TENANT, app, "shop", 1, DEFINITION, workflow,
                JSON.readTree("{\"order\": \"A-1\"}"), null, null)).id();
    }

    @AfterAll
    void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The filters the console's runs page combines, each on its first page and on a later one. */
    Map<String, RunFilter> consoleFilters() {
        Map<String, RunFilter> filters = new LinkedHashMap<>();
        Instant dayAgo = NOW.minus(1, ChronoUnit.DAYS);
        Instant tenDaysAgo = NOW.minus(10, ChronoUnit.DAYS);
        Instant hourAgo = NOW.minus(1, ChronoUnit.HOURS);
        String someId = jdbc.sql("select id::text from orchestrator.runs where app_id = ? and scope is null "
                + "order by created_at desc offset 5000 limit 1").param(APP).query(String.class).single();
        filters.put("none", RunFilter.ALL);
        filters.put("workflow", new RunFilter("audit", null, null, null, null));
        filters.put("status", new RunFilter(null, "failed", null, null, null));
        filters.put("workflow and status", new RunFilter("refund", "running", null, null, null));
        filters.put("from", new RunFilter(null, null, hourAgo, null, null));
        filters.put("to", new RunFilter(null, null, null, tenDaysAgo, null));
        filters.put("from and to", new RunFilter(null, null, dayAgo, hourAgo, null));
        filters.put("workflow, from and to", new RunFilter("audit", null, dayAgo, hourAgo, null));
        filters.put("status, from and to", new RunFilter(null, "failed", dayAgo, hourAgo, null));
        filters.put("everything", new RunFilter("checkout", "completed", dayAgo, hourAgo, null));
        filters.put("id prefix", new RunFilter(null, null, null, null, someId.substring(0, 4)));
        filters.put("whole id", new RunFilter(null, null, null, null, someId));
        return filters;
    }

    @Test
    void noConsoleListingScansTheRunsTable() {
        RunView anyRun = workflows.runs(TENANT, APP, RunFilter.ALL, null, 1).items().get(0);
        List<String> scans = new ArrayList<>();
        for (Map.Entry<String, RunFilter> filter : consoleFilters().entrySet()) {
            for (boolean later : List.of(false, true)) {
                RunListing.Query query = RunListing.page(RunStore.COLUMNS, TENANT, APP, filter.getValue(),
                        later ? anyRun.createdAt().minusSeconds(3600) : null, later ? anyRun.id() : null, 26);
                String plan = jdbc.sql("explain (format json) " + query.sql()).params(query.params())
                        .query(String.class).single();
                if (plan.replaceAll("\\s", "").contains("\"NodeType\":\"SeqScan\"")) {
                    scans.add(filter.getKey() + (later ? " (later page)" : "") + ": " + plan);
                }
                assertThat(plan).as(filter.getKey()).contains("Index");
                // For whoever reads the test report: which index each listing uses.
                System.out.printf("%-24s %-12s %s%n", filter.getKey(), later ? "later page" : "first page",
                        INDEX_NAME.matcher(plan).results().map(match -> match.group(1)).distinct().toList());
            }
        }
        assertThat(scans).as("listings that scan orchestrator.runs").isEmpty();
    }

    @Test
    void pagingThroughEveryFilterReturnsExactlyTheMatchingRunsNewestFirst() {
        for (Map.Entry<String, RunFilter> filter : consoleFilters().entrySet()) {
            RunFilter f = filter.getValue();
            if (f.equals(RunFilter.ALL)) {
                continue; // its first pages are checked below; walking all 100,000 adds nothing
            }
            List<UUID> expected = expected(f);
            List<UUID> paged = new ArrayList<>();
            String cursor = null;
            do {
                RunPage page = workflows.runs(TENANT, APP, f, cursor, 200);
                page.items().forEach(run -> paged.add(run.id()));
                cursor = page.nextCursor();
            } while (cursor != null && paged.size() <= expected.size());
            assertThat(paged).as(filter.getKey()).hasSizeGreaterThan(0).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theFirstPagesOfTheWholeListAreTheNewestRunsInOrder() {
        List<UUID> expected = expected(RunFilter.ALL).subList(0, 75);
        RunPage first = workflows.runs(TENANT, APP, RunFilter.ALL, null, 25);
        RunPage second = workflows.runs(TENANT, APP, RunFilter.ALL, first.nextCursor(), 25);
        RunPage third = workflows.runs(TENANT, APP, RunFilter.ALL, second.nextCursor(), 25);
        List<UUID> paged = new ArrayList<>();
        for (RunPage page : List.of(first, second, third)) {
            page.items().forEach(run -> paged.add(run.id()));
        }
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void badFiltersAreRefusedWithTheirParameter() {
        assertThatThrownBy(() -> workflows.runs(TENANT, APP, new RunFilter(null, null, null, null, "abc"), null, 5))
                .isInstanceOfSatisfying(WorkflowException.class,
                        failure -> assertThat(failure.problems().get(0).pointer()).isEqualTo("/id"));
        assertThatThrownBy(() -> workflows.runs(TENANT, APP, new RunFilter(null, null, null, null, "zzzz-1"), null, 5))
                .isInstanceOf(WorkflowException.class);
        assertThatThrownBy(() -> workflows.runs(TENANT, APP, new RunFilter(null, null, NOW, NOW.minusSeconds(1), null),
                null, 5)).isInstanceOfSatisfying(WorkflowException.class,
                        failure -> assertThat(failure.problems().get(0).pointer()).isEqualTo("/from"));
    }

    /** The same filter in plain SQL, without the listing's indexes or cursors. */
    List<UUID> expected(RunFilter filter) {
        String prefix = filter.id() == null ? "" : filter.id().replace("-", "").toLowerCase();
        return jdbc.sql("""
                select id from orchestrator.runs where tenant_id = ? and app_id = ? and scope is null
                  and (? = '' or workflow = ?) and (? = '' or status = ?)
                  and created_at >= coalesce(?, '-infinity'::timestamptz) and created_at < coalesce(?, 'infinity'::timestamptz)
                  and replace(id::text, '-', '') like ? || '%'
                order by created_at desc, id desc""")
                .params(TENANT, APP, nullToEmpty(filter.workflow()), nullToEmpty(filter.workflow()),
                        nullToEmpty(filter.status()), nullToEmpty(filter.status()), timestamp(filter.from()),
                        timestamp(filter.to()), prefix)
                .query(UUID.class).list();
    }

    static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    static java.sql.Timestamp timestamp(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }
}
