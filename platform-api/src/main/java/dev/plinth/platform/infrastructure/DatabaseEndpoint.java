package dev.plinth.platform.infrastructure;

import dev.plinth.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * The PostgreSQL Plinth talks to: the configured external one, or an embedded one it started
 * (and stops on close).
 */
final class DatabaseEndpoint implements JdbcConnectionDetails, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseEndpoint.class);

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedPostgresServer embedded;

    private DatabaseEndpoint(String url, String user, String password, EmbeddedPostgresServer embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static DatabaseEndpoint from(InfrastructureProperties properties) {
        InfrastructureProperties.Db db = properties.db();
        if (db.external()) {
            log.info("Using external PostgreSQL at {}", db.url());
            return new DatabaseEndpoint(db.url(), db.user(), db.password(), null);
        }
        Path directory = properties.dataDir().resolve("postgres").toAbsolutePath();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, db.embeddedPort(), db.postgresSettings());
        log.info("Started embedded PostgreSQL 17 at {} (data in {})", server.jdbcUrl(), directory);
        return new DatabaseEndpoint(server.jdbcUrl(), server.username(), server.password(), server);
    }

    @Override
    public String getJdbcUrl() {
        return url;
    }

    @Override
    public String getUsername() {
        return user;
    }

    @Override
    public String getPassword() {
        return password;
    }

    boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
