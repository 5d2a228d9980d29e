package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.platform.PlinthApplication;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two Plinth instances on one database: a cron trigger starts exactly one run per tick. */
class ScheduleTest {

    static final String KEY = "plk_scheduleTest0001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";

    @Test
    void eachTickStartsOneRunAcrossTwoInstances() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "schedule-");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                ConfigurableApplicationContext one = instance(postgres, kafka, dir.resolve("one"));
                ConfigurableApplicationContext two = instance(postgres, kafka, dir.resolve("two"))) {
            Api api = new Api(Integer.parseInt(one.getEnvironment().getProperty("local.server.port")), KEY);
            api.postJson("/api/v1/apps", "{\"name\":\"ticker\"}");
            Api.Response invalid = api.call("POST", "/api/v1/apps/ticker/revisions").yaml(definition("61 * * * * *"))
                    .send();
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.pointers()).containsExactly("/spec/triggers/0/cron");

            assertThat(api.call("POST", "/api/v1/apps/ticker/revisions").yaml(definition("* * * * * *")).send()
                    .status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> ticks(postgres).size() >= 5);
            // Stop the schedule: a revision without the trigger replaces it.
            api.call("POST", "/api/v1/apps/ticker/revisions").yaml(definition(null)).send();

            List<Instant> ticks = ticks(postgres);
            assertThat(ticks).doesNotHaveDuplicates();
            for (int i = 1; i < ticks.size(); i++) {
                assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("no tick skipped or doubled")
                        .isEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    static String definition(String cron) {
        String trigger = cron == null ? "" : """
                  triggers:
                    - {name: every-second, type: schedule, cron: "%s", timezone: Europe/Berlin, workflow: beat}
                """.formatted(cron);
        return """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: ticker}
                spec:
                %s  workflows:
                    - name: beat
                      steps:
                        - {id: done, type: succeed}
                """.formatted(trigger);
    }

    private static ConfigurableApplicationContext instance(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka,
            Path dataDir) {
        return new SpringApplicationBuilder(PlinthApplication.class).run("--server.port=0",
                "--plinth.data-dir=" + dataDir, "--plinth.db.url=" + postgres.jdbcUrl(),
                "--plinth.db.user=" + postgres.username(), "--plinth.db.password=" + postgres.password(),
                "--plinth.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--plinth.bootstrap.admin-key=" + KEY,
                "--plinth.memory.embeddings.provider=none", "--plinth.workflow.schedule-interval=200ms",
                "--plinth.secrets.master-key=" + TestKeys.SECRETS_MASTER_KEY);
    }

    private static List<Instant> ticks(EmbeddedPostgresServer postgres) throws Exception {
        List<Instant> ticks = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password());
                ResultSet rows = connection.createStatement().executeQuery(
                        "select idempotency_key from orchestrator.runs where idempotency_key like 'schedule:%' "
                                + "order by idempotency_key")) {
            while (rows.next()) {
                String key = rows.getString(1);
                ticks.add(Instant.parse(key.substring("schedule:every-second:".length())));
            }
        }
        return ticks;
    }
}
