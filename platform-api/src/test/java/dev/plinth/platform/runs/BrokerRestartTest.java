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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The Kafka broker stops while runs are in flight and comes back on the same address: every run completes. */
class BrokerRestartTest {

    static final String KEY = "plk_brokerRestart001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";

    @Test
    void runsCompleteAcrossABrokerRestart() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "broker-restart-");
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        int kafkaPort = kafka.port();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
                ConfigurableApplicationContext plinth = new SpringApplicationBuilder(PlinthApplication.class).run(
                        "--server.port=0", "--plinth.data-dir=" + dir.resolve("unused"),
                        "--plinth.db.url=" + postgres.jdbcUrl(), "--plinth.db.user=" + postgres.username(),
                        "--plinth.db.password=" + postgres.password(),
                        "--plinth.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--plinth.bootstrap.admin-key=" + KEY, "--plinth.memory.embeddings.provider=none",
                        "--spring.kafka.producer.properties.max.block.ms=5000",
                        "--plinth.secrets.master-key=" + TestKeys.SECRETS_MASTER_KEY)) {
            Api api = new Api(Integer.parseInt(plinth.getEnvironment().getProperty("local.server.port")), KEY);
            api.postJson("/api/v1/apps", "{\"name\":\"steady\"}");
            assertThat(api.call("POST", "/api/v1/apps/steady/revisions").yaml("""
                    apiVersion: plinth.dev/v1
                    kind: App
                    metadata: {name: steady}
                    spec:
                      connectors: {svc: {type: echo}}
                      workflows:
                        - name: three
                          steps:
                            - {id: a, type: call, connector: svc, with: {delayMs: 200}}
                            - {id: b, type: call, connector: svc, with: {delayMs: 200}}
                            - {id: c, type: call, connector: svc, with: {delayMs: 200}}
                    """).send().status()).isEqualTo(201);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(api.postJson("/api/v1/apps/steady/workflows/three/runs", "{}").body().path("id").asString());
            }
            kafka.close();
            Thread.sleep(3000);
            kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), kafkaPort);

            Api client = api;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> ids.stream()
                    .allMatch(id -> "completed".equals(client.get("/api/v1/apps/steady/runs/" + id).body()
                            .path("status").asString())));
        } finally {
            kafka.close();
        }
    }
}
