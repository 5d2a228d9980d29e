package dev.plinth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Plinth started twice on the same data directory, as a user does with stop and start: the first
 * run's tenant, key, app and revision are all there in the second, served by a fresh embedded
 * PostgreSQL and Kafka on the same files.
 */
class RestartPersistenceTest {

    @Test
    void appsRevisionsAndKeysSurviveARestart() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-");
        String key = "plk_restartAdmin0001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";
        String yaml = AppRegistryFlowTest.MINIMAL.formatted("kept");
        String contentHash;

        try (ConfigurableApplicationContext first = start(dataDir, key)) {
            Api api = new Api(port(first), key);
            assertThat(api.postJson("/api/v1/apps", "{\"name\":\"kept\",\"description\":\"survives\"}").status())
                    .isEqualTo(201);
            Api.Response revision = api.call("POST", "/api/v1/apps/kept/revisions").yaml(yaml).send();
            assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
            contentHash = revision.body().path("contentHash").asString();
        }

        // The preset key is not applied again: the installation already has its root tenant.
        try (ConfigurableApplicationContext second = start(dataDir, "")) {
            Api api = new Api(port(second), key);
            Api.Response app = api.get("/api/v1/apps/kept");
            assertThat(app.status()).as(app.toString()).isEqualTo(200);
            assertThat(app.body().path("description").asString()).isEqualTo("survives");
            assertThat(app.body().path("latestRevision").asInt()).isEqualTo(1);
            Api.Response revision = api.get("/api/v1/apps/kept/revisions/1");
            assertThat(revision.body().path("contentHash").asString()).isEqualTo(contentHash);
            Api.Response source = api.get("/api/v1/apps/kept/revisions/1/source");
            assertThat(source.text()).isEqualTo(yaml);
            assertThat(api.as(null).get("/actuator/health/readiness").body().path("status").asString()).isEqualTo("UP");
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, String adminKey) {
        return new SpringApplicationBuilder(PlinthApplication.class)
                .run("--server.port=0", "--plinth.data-dir=" + dataDir, "--plinth.bootstrap.admin-key=" + adminKey);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
