package dev.plinth.platform.infrastructure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Plinth finds PostgreSQL and Kafka. Unset URLs mean "start an embedded one in
 * {@code dataDir}", which is what makes the one-command local run work.
 *
 * @param dataDir directory holding the embedded database and broker data; survives restarts
 * @param db      external database settings ({@code PLINTH_DB_URL}, {@code PLINTH_DB_USER}, {@code PLINTH_DB_PASSWORD})
 * @param kafka   external Kafka settings ({@code PLINTH_KAFKA_BOOTSTRAP_SERVERS})
 */
@ConfigurationProperties("plinth")
public record InfrastructureProperties(
        @DefaultValue("./.plinth-data") Path dataDir,
        @DefaultValue Db db,
        @DefaultValue Kafka kafka) {

    /**
     * @param url          JDBC URL of an external PostgreSQL; empty to run the embedded one
     * @param user         user name for the external database
     * @param password     password for the external database
     * @param embeddedPort port of the embedded PostgreSQL (0 picks a free one)
     * @param embeddedSettings PostgreSQL settings for the embedded server, kebab-case, e.g.
     *                     {@code plinth.db.embedded-settings.shared-buffers=4GB}; on top of Plinth's defaults
     *                     (shared_buffers an eighth of the machine's memory, 128 MB to 2 GB; jit off)
     */
    public record Db(String url, String user, String password, @DefaultValue("0") int embeddedPort,
            Map<String, String> embeddedSettings) {
        boolean external() {
            return url != null && !url.isBlank();
        }

        /** The embedded settings under their PostgreSQL names ({@code shared-buffers} → {@code shared_buffers}). */
        Map<String, String> postgresSettings() {
            Map<String, String> settings = new LinkedHashMap<>();
            if (embeddedSettings != null) {
                embeddedSettings.forEach((name, value) -> settings.put(name.replace('-', '_'), value));
            }
            return settings;
        }
    }

    /**
     * @param bootstrapServers external Kafka bootstrap servers; empty to run the embedded broker
     * @param embeddedPort     client port of the embedded broker (0 picks a free one)
     */
    public record Kafka(String bootstrapServers, @DefaultValue("0") int embeddedPort) {
        boolean external() {
            return bootstrapServers != null && !bootstrapServers.isBlank();
        }
    }
}
