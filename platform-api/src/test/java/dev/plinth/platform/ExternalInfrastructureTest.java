package dev.plinth.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import dev.plinth.embedded.EmbeddedPostgresServer;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With a database URL and Kafka bootstrap servers configured, Plinth uses them and starts nothing
 * embedded. The "external" servers here are real PostgreSQL and Kafka processes started beside the
 * application, exactly as a user's own would be.
 */
class ExternalInfrastructureTest {

    @Test
    void configuredServersAreUsedAndNothingIsStartedInTheDataDirectory() throws Exception {
        Path external = Files.createTempDirectory(Path.of("target"), "external-");
        Path dataDir = Files.createTempDirectory(Path.of("target"), "unused-data-");
        String key = "plk_externalAdmin001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(external.resolve("pg"), 0);
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(external.resolve("kafka"), 0);
                ConfigurableApplicationContext plinth = new SpringApplicationBuilder(PlinthApplication.class).run(
                        "--server.port=0",
                        "--plinth.data-dir=" + dataDir,
                        "--plinth.db.url=" + postgres.jdbcUrl(),
                        "--plinth.db.user=" + postgres.username(),
                        "--plinth.db.password=" + postgres.password(),
                        "--plinth.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--plinth.bootstrap.admin-key=" + key,
                        "--plinth.secrets.master-key=" + TestKeys.SECRETS_MASTER_KEY,
                        "--spring.datasource.hikari.maximum-pool-size=12")) {
            assertThat(plinth.getBean(javax.sql.DataSource.class).unwrap(com.zaxxer.hikari.HikariDataSource.class)
                    .getMaximumPoolSize()).as("a configured pool size is kept").isEqualTo(12);
            Api api = new Api(Integer.parseInt(plinth.getEnvironment().getProperty("local.server.port")), key);
            assertThat(api.postJson("/api/v1/apps", "{\"name\":\"external\"}").status()).isEqualTo(201);
            Api.Response readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
            assertThat(readiness.body().at("/components/kafka/details/clusterId").asString())
                    .isEqualTo(kafka.clusterId());

            try (var files = Files.list(dataDir)) {
                assertThat(files).as("nothing embedded was started").isEmpty();
            }
            try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                    postgres.password());
                    var rows = connection.createStatement().executeQuery("select name from platform.apps")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("external");
            }

            // The same external servers without a secrets master key: a clear start-up error.
            assertThatThrownBy(() -> new SpringApplicationBuilder(PlinthApplication.class).run("--server.port=0",
                    "--plinth.data-dir=" + dataDir, "--plinth.db.url=" + postgres.jdbcUrl(),
                    "--plinth.db.user=" + postgres.username(), "--plinth.db.password=" + postgres.password(),
                    "--plinth.kafka.bootstrap-servers=" + kafka.bootstrapServers()).close())
                    .rootCause().hasMessageContaining("PLINTH_SECRETS_MASTER_KEY");
        }
    }
}
