package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.platform.PlinthApplication;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine process is killed with SIGKILL while 100 runs are mid-flight, and started again on
 * the same PostgreSQL and Kafka (which keep running, as they would in production). Every run must
 * complete, and every step's completion must be recorded exactly once.
 */
class EngineCrashTest {

    static final String KEY = "plk_crashTestAdmin01_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";
    static final int RUNS = 100;

    @Test
    void runsSurviveAKilledEngineAndEachStepCompletesOnce() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "crash-");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            int port = freePort();
            Process first = plinth(postgres, kafka, port, dir.resolve("first.log"));
            Api api = new Api(port, KEY);
            try {
                awaitReady(api, first);
            } catch (RuntimeException | Error notReady) {
                first.destroyForcibly().waitFor();
                throw notReady;
            }
            api.postJson("/api/v1/apps", "{\"name\":\"crash\"}");
            Api.Response revision = api.call("POST", "/api/v1/apps/crash/revisions").yaml("""
                    apiVersion: plinth.dev/v1
                    kind: App
                    metadata: {name: crash}
                    spec:
                      connectors: {svc: {type: echo}}
                      workflows:
                        - name: five
                          steps:
                            - {id: s1, type: call, connector: svc, with: {n: 1, delayMs: 150}}
                            - {id: s2, type: call, connector: svc, with: {n: 2, delayMs: 150}}
                            - {id: s3, type: call, connector: svc, with: {n: 3, delayMs: 150}}
                            - {id: s4, type: call, connector: svc, with: {n: 4, delayMs: 150}}
                            - {id: s5, type: call, connector: svc, with: {n: 5, delayMs: 150}}
                    """).send();
            assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                ids.add(api.postJson("/api/v1/apps/crash/workflows/five/runs", "{}").body().path("id").asString());
            }
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> completedSteps(postgres) >= 50);
            } finally {
                first.destroyForcibly().waitFor();
            }
            long beforeRestart = completedRuns(postgres);
            assertThat(beforeRestart).as("the kill happened mid-flight").isLessThan(RUNS);

            Process second = plinth(postgres, kafka, port, dir.resolve("second.log"));
            try {
                awaitReady(api, second);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> completedRuns(postgres) == RUNS);
                for (String id : ids) {
                    assertThat(api.get("/api/v1/apps/crash/runs/" + id).body().path("status").asString())
                            .isEqualTo("completed");
                }
                assertThat(duplicateCompletions(postgres)).as("step completions applied twice").isZero();
                assertThat(completedSteps(postgres)).isEqualTo(RUNS * 5L);
            } finally {
                second.destroyForcibly().waitFor();
            }
        }
    }

    private static Process plinth(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, int port, Path log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                PlinthApplication.class.getName(),
                "--server.port=" + port,
                "--plinth.db.url=" + postgres.jdbcUrl(),
                "--plinth.db.user=" + postgres.username(),
                "--plinth.db.password=" + postgres.password(),
                "--plinth.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--plinth.bootstrap.admin-key=" + KEY,
                "--plinth.memory.embeddings.provider=none",
                "--plinth.secrets.master-key=" + TestKeys.SECRETS_MASTER_KEY)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(Api api, Process process) {
        // Generous: a forked JVM starting Plinth on a busy 2-core machine can take minutes.
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("Plinth process exited").isTrue();
            try {
                return api.as(null).get("/actuator/health/readiness").status() == 200;
            } catch (IllegalStateException notListening) {
                return false;
            }
        });
    }

    private static long completedRuns(EmbeddedPostgresServer postgres) throws Exception {
        return count(postgres, "select count(*) from orchestrator.runs where status = 'completed'");
    }

    private static long completedSteps(EmbeddedPostgresServer postgres) throws Exception {
        return count(postgres, "select count(*) from orchestrator.step_attempts where status = 'completed'");
    }

    private static long duplicateCompletions(EmbeddedPostgresServer postgres) throws Exception {
        return count(postgres, "select count(*) from (select run_id, step_id from orchestrator.step_attempts "
                + "where status = 'completed' group by run_id, step_id having count(*) > 1) d");
    }

    private static long count(EmbeddedPostgresServer postgres, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password()); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
