package dev.plinth.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The sql connector against a real embedded PostgreSQL. */
class SqlStepExecutorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID APP = UUID.randomUUID();
    private static final String PASSWORD = "pw-s3cret-value";

    @TempDir
    static Path data;

    static EmbeddedPostgresServer postgres;
    static SqlStepExecutor executor;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(data.resolve("pg"), 0);
        executor = new SqlStepExecutor(
                () -> (tenant, name, environment) -> tenant.equals(TENANT) && name.equals("db-password") ? Optional.of(PASSWORD)
                        : Optional.empty(),
                JSON, 10, Duration.ofSeconds(2));
        StepOutcome created = call(connector(), "update", """
                {"sql": "create table customers (id uuid primary key default gen_random_uuid(), name text not null, \
                 email text unique, credit numeric(10,2), vip boolean, joined timestamptz default now(), \
                 profile jsonb)"}""");
        assertThat(created.succeeded()).as(String.valueOf(created.errorMessage())).isTrue();
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void bindsNamedParametersAndReturnsJsonFriendlyRows() {
        StepOutcome inserted = call(connector(), "update", """
                {"sql": "insert into customers (name, email, credit, vip, profile) values (:name, :email, :credit, :vip, :profile::jsonb)",
                 "params": {"name": "Ada", "email": "ada@example.com", "credit": 12.5, "vip": true,
                            "profile": {"tier": "gold", "tags": ["a", "b"]}}}""");
        assertThat(inserted.output().path("updated").asInt()).isEqualTo(1);

        StepOutcome found = call(connector(), "query", """
                {"sql": "select id, name, credit, vip, joined, profile, null::text as nothing from customers where email = :email",
                 "params": {"email": "ada@example.com"}}""");

        assertThat(found.succeeded()).isTrue();
        assertThat(found.output().path("rowCount").asInt()).isEqualTo(1);
        assertThat(found.output().path("truncated").asBoolean()).isFalse();
        JsonNode row = found.output().path("rows").path(0);
        assertThat(row.path("name").asString()).isEqualTo("Ada");
        assertThat(row.path("credit").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(row.path("vip").booleanValue()).isTrue();
        assertThat(row.path("profile").path("tags").path(1).asString()).isEqualTo("b");
        assertThat(row.path("nothing").isNull()).isTrue();
        assertThat(row.path("joined").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*");

        // A string parameter compared with a uuid column: PostgreSQL types it from the statement.
        StepOutcome byId = call(connector(), "query", "{\"sql\": \"select name from customers where id = :id\", "
                + "\"params\": {\"id\": \"" + row.path("id").asString() + "\"}}");
        assertThat(byId.output().path("rows").path(0).path("name").asString()).isEqualTo("Ada");

        StepOutcome inList = call(connector(), "query", """
                {"sql": "select count(*) as n from customers where email in (:emails)",
                 "params": {"emails": ["ada@example.com", "nobody@example.com"]}}""");
        assertThat(inList.output().path("rows").path(0).path("n").asLong()).isEqualTo(1);
    }

    @Test
    void anInjectionAttemptStaysData() {
        String attack = "x'; drop table customers; --";
        StepOutcome inserted = call(connector(), "update",
                "{\"sql\": \"insert into customers (name) values (:name)\", \"params\": {\"name\": "
                        + JSON.writeValueAsString(attack) + "}}");
        assertThat(inserted.succeeded()).isTrue();

        StepOutcome found = call(connector(), "query",
                "{\"sql\": \"select name from customers where name = :name\", \"params\": {\"name\": "
                        + JSON.writeValueAsString(attack) + "}}");

        assertThat(found.output().path("rows").path(0).path("name").asString()).isEqualTo(attack);
        StepOutcome tableStillThere = call(connector(), "query", "{\"sql\": \"select count(*) as n from customers\"}");
        assertThat(tableStillThere.succeeded()).isTrue();
    }

    @Test
    void limitsRowsAndSaysWhenTheResultWasTruncated() {
        ObjectNode limited = connector().put("maxRows", 3);

        StepOutcome many = call(limited, "query", "{\"sql\": \"select g from generate_series(1, 10) g\"}");
        StepOutcome exact = call(limited, "query", "{\"sql\": \"select g from generate_series(1, 3) g\"}");

        assertThat(many.output().path("rowCount").asInt()).isEqualTo(3);
        assertThat(many.output().path("truncated").asBoolean()).isTrue();
        assertThat(many.output().path("rows").path(2).path("g").asInt()).isEqualTo(3);
        assertThat(exact.output().path("rowCount").asInt()).isEqualTo(3);
        assertThat(exact.output().path("truncated").asBoolean()).isFalse();
    }

    @Test
    void aStatementRunningPastItsTimeoutIsCancelledAndRetryable() {
        ObjectNode quick = connector().put("statementTimeout", "PT1S");

        StepOutcome slow = call(quick, "query", "{\"sql\": \"select pg_sleep(30)\"}");

        assertThat(slow.errorType()).isEqualTo("timeout");
        assertThat(slow.retryable()).isTrue();
        assertThat(slow.errorMessage()).contains("PT1S");
    }

    @Test
    void readOnlyConnectorsRefuseUpdatesAndTheConnectionRefusesWrites() {
        ObjectNode readOnly = connector().put("readOnly", true);

        StepOutcome update = call(readOnly, "update", "{\"sql\": \"delete from customers\"}");
        // A write hidden in a query is refused by the database itself: the connection is read-only.
        StepOutcome sneaky = call(readOnly, "query",
                "{\"sql\": \"insert into customers (name) values ('sneaky') returning id\"}");
        StepOutcome read = call(readOnly, "query", "{\"sql\": \"select count(*) as n from customers\"}");

        assertThat(update.errorType()).isEqualTo("read-only");
        assertThat(update.retryable()).isFalse();
        assertThat(sneaky.errorType()).isEqualTo("sql-error");
        assertThat(sneaky.retryable()).isFalse();
        assertThat(sneaky.errorMessage()).contains("read-only transaction");
        assertThat(read.succeeded()).isTrue();
    }

    @Test
    void databaseErrorsCarryTheDatabasesMessageWithoutSecretValues() {
        StepOutcome syntax = call(connector(), "query", "{\"sql\": \"selec 1\"}");
        StepOutcome duplicate = call(connector(), "update", """
                {"sql": "insert into customers (name, email) values ('A', 'dup@example.com'), ('B', 'dup@example.com')"}""");
        // A database message that echoes a value equal to the connector's password is scrubbed.
        StepOutcome echoed = call(connector(), "query", "{\"sql\": \"select cast(:v as int)\", \"params\": {\"v\": \""
                + PASSWORD + "\"}}");

        assertThat(syntax.errorType()).isEqualTo("sql-error");
        assertThat(syntax.retryable()).isFalse();
        assertThat(syntax.errorMessage()).contains("syntax error");
        assertThat(duplicate.errorType()).isEqualTo("sql-error");
        assertThat(duplicate.errorMessage()).contains("duplicate key");
        assertThat(echoed.errorType()).isEqualTo("sql-error");
        assertThat(echoed.errorMessage()).contains("invalid input syntax").contains(dev.plinth.connectors.Redactor.MASK)
                .doesNotContain(PASSWORD);
    }

    @Test
    void anUnreachableDatabaseIsARetryableConnectionError() {
        ObjectNode unreachable = connector().put("url", "jdbc:postgresql://localhost:1/postgres");

        StepOutcome outcome = call(unreachable, "query", "{\"sql\": \"select 1\"}");

        assertThat(outcome.errorType()).isEqualTo("connection-error");
        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.errorMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingSecretOrParameterIsNotRetryable() {
        ObjectNode unknownSecret = connector().put("password", "${secret:nope}");

        StepOutcome noSecret = call(unknownSecret, "query", "{\"sql\": \"select 1\"}");
        StepOutcome noParam = call(connector(), "query", "{\"sql\": \"select :missing\"}");
        StepOutcome noSql = call(connector(), "query", "{\"params\": {}}");
        StepOutcome badOperation = call(connector(), "merge", "{\"sql\": \"select 1\"}");

        assertThat(noSecret.errorType()).isEqualTo("secret-missing");
        assertThat(noSecret.errorMessage()).contains("'nope'");
        assertThat(noParam.errorType()).isEqualTo("sql-error");
        assertThat(noParam.errorMessage()).contains("missing");
        assertThat(noParam.retryable()).isFalse();
        assertThat(noSql.errorType()).isEqualTo("invalid-parameters");
        assertThat(badOperation.errorType()).isEqualTo("unsupported-operation");
    }

    @Test
    void changedSettingsReplaceTheConnectorsPool() {
        ObjectNode settings = connector();
        UUID app = UUID.randomUUID();
        int before = executor.openPools();

        call(app, settings, "query", "{\"sql\": \"select 1\"}");
        call(app, settings.put("poolSize", 2), "query", "{\"sql\": \"select 1\"}");

        assertThat(executor.openPools()).isEqualTo(before + 1);
    }

    @Test
    void validationPointsAtEachBadSetting() {
        ObjectNode bad = JSON.createObjectNode().put("type", "sql").put("url", "postgres://host/db")
                .put("maxRows", 0).put("statementTimeout", "30 seconds").put("readOnly", "yes").put("pool", 3);
        ObjectNode unknownDriver = JSON.createObjectNode().put("type", "sql").put("url", "jdbc:oracle:thin:@h:1521:x");
        ObjectNode missingUrl = JSON.createObjectNode().put("type", "sql");

        assertThat(executor.validate(bad)).extracting(SettingProblem::pointer)
                .containsExactlyInAnyOrder("/url", "/maxRows", "/statementTimeout", "/readOnly", "/pool");
        assertThat(executor.validate(unknownDriver)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("No JDBC driver"));
        assertThat(executor.validate(missingUrl)).extracting(SettingProblem::pointer).containsExactly("/url");
        assertThat(executor.validate(connector())).isEmpty();
        assertThat(executor.validate(connector().put("url", "${secret:db-url}"))).isEmpty();
        // The MariaDB driver is bundled (it also reaches MySQL).
        assertThat(executor.validate(connector().put("url", "jdbc:mariadb://db.internal:3306/shop"))).isEmpty();
    }

    private static ObjectNode connector() {
        return JSON.createObjectNode().put("type", "sql")
                .put("url", "jdbc:postgresql://localhost:" + postgres.port() + "/postgres")
                .put("username", postgres.username()).put("password", "${secret:db-password}");
    }

    private static StepOutcome call(ObjectNode connector, String operation, String with) {
        return call(APP, connector, operation, with);
    }

    private static StepOutcome call(UUID app, ObjectNode connector, String operation, String with) {
        UUID run = UUID.randomUUID();
        return executor.execute(new StepInvocation(TENANT, app, run, "step", 1, run + ":step", "customers-db",
                connector, operation, JSON.readTree(with)));
    }
}
