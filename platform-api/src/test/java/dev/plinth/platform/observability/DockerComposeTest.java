package dev.plinth.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The root {@code docker-compose.yml} through {@code docker-compose config} (no Docker engine needed):
 * valid, the five services wired as documented, and the two keys required rather than defaulted.
 */
class DockerComposeTest {

    static final ExternalTool COMPOSE = new ExternalTool("docker-compose", "docker-compose");
    static final Map<String, String> KEYS = Map.of(
            "PLINTH_ADMIN_KEY", "plk_composeTest00001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123",
            "PLINTH_SECRETS_MASTER_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    @TempDir
    Path temp;

    @Test
    void theStackIsValidAndWiredAsDocumented() throws IOException {
        ExternalTool.Result result = COMPOSE.run(null, KEYS, "--env-file", emptyEnvFile(), "-f",
                "docker-compose.yml", "config");
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode config = YAMLMapper.builder().build().readTree(result.output());
        JsonNode services = config.path("services");
        assertThat(services.propertyNames()).containsExactlyInAnyOrder("postgres", "kafka", "plinth", "prometheus",
                "grafana", "agent");
        assertThat(services.at("/postgres/image").asString()).startsWith("postgres:17");
        assertThat(services.at("/kafka/image").asString()).startsWith("apache/kafka:");
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asString()).isEqualTo("broker,controller");

        JsonNode plinth = services.path("plinth");
        assertThat(plinth.at("/build/context").asString()).isEqualTo(Catalogue.ROOT.toString());
        assertThat(Catalogue.ROOT.resolve("Dockerfile")).exists();
        JsonNode environment = plinth.path("environment");
        assertThat(environment.path("PLINTH_DB_URL").asString()).isEqualTo("jdbc:postgresql://postgres:5432/plinth");
        assertThat(environment.path("PLINTH_KAFKA_BOOTSTRAP_SERVERS").asString()).isEqualTo("kafka:9092");
        assertThat(environment.path("PLINTH_BOOTSTRAP_ADMIN_KEY").asString()).isEqualTo(KEYS.get("PLINTH_ADMIN_KEY"));
        assertThat(environment.path("PLINTH_SECRETS_MASTER_KEY").asString())
                .isEqualTo(KEYS.get("PLINTH_SECRETS_MASTER_KEY"));

        // The deploy agent runs from Plinth's image (the Dockerfile copies its jar) against the plinth service.
        JsonNode agent = services.path("agent");
        assertThat(agent.path("image").asString()).isEqualTo(plinth.path("image").asString());
        assertThat(agent.at("/entrypoint").toString()).contains("/opt/plinth/plinth-agent.jar");
        assertThat(Files.readString(Catalogue.ROOT.resolve("Dockerfile")))
                .contains("deploy-agent/target/plinth-agent.jar");
        assertThat(agent.at("/environment/PLINTH_SERVER").asString()).isEqualTo("http://plinth:8080");
        assertThat(agent.at("/profiles").toString()).contains("agent");

        // Prometheus and Grafana read the repository's files, which must exist where they are mounted from.
        assertThat(services.at("/prometheus/volumes").toString()).contains("/observability/prometheus");
        assertThat(services.at("/grafana/volumes").toString()).contains("/observability/grafana/provisioning")
                .contains("/observability/grafana/dashboards");
        assertThat(Catalogue.ROOT.resolve("observability/prometheus/prometheus.yml")).exists();
        assertThat(Catalogue.ROOT.resolve("observability/grafana/provisioning/datasources/prometheus.yml")).exists();
        assertThat(Catalogue.ROOT.resolve("observability/grafana/provisioning/dashboards/plinth.yml")).exists();
    }

    @Test
    void theAdminAndMasterKeysAreRequired() throws IOException {
        ExternalTool.Result result = COMPOSE.run(null, Map.of(), "--env-file", emptyEnvFile(), "-f",
                "docker-compose.yml", "config", "-q");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("set PLINTH_ADMIN_KEY in .env");
    }

    /** Ignores a developer's own .env, so the test sees only the variables it passes. */
    private String emptyEnvFile() throws IOException {
        return Files.createFile(temp.resolve("empty.env")).toString();
    }
}
