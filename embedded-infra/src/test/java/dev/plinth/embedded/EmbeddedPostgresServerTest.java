package dev.plinth.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDirectory;

    @Test
    void dataSurvivesRestartOnSameDirectory() throws SQLException {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0)) {
            assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + postgres.port() + "/postgres");
            execute(postgres, "CREATE TABLE greeting (id int PRIMARY KEY, text varchar(50) NOT NULL)");
            execute(postgres, "INSERT INTO greeting VALUES (1, 'hello plinth')");
        }

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0)) {
            assertThat(query(postgres, "SELECT text FROM greeting WHERE id = 1")).isEqualTo("hello plinth");
            // Zonky's default is fsync=off; persistent data must not depend on the OS never crashing.
            assertThat(query(postgres, "SHOW fsync")).isEqualTo("on");
            assertThat(query(postgres, "SELECT version()")).startsWith("PostgreSQL 17.");
        }
    }

    @Test
    void settingsAreSizedForTheMachineAndCanBeOverridden() throws SQLException {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0)) {
            assertThat(query(postgres, "SHOW jit")).isEqualTo("off");
            assertThat(query(postgres, "SELECT pg_size_bytes(current_setting('shared_buffers')) = pg_size_bytes('"
                    + EmbeddedPostgresServer.defaultSettings().get("shared_buffers") + "')")).isEqualTo("t");
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0,
                Map.of("shared_buffers", "64MB", "work_mem", "8MB", "fsync", "off"))) {
            assertThat(query(postgres, "SHOW shared_buffers")).isEqualTo("64MB");
            assertThat(query(postgres, "SHOW work_mem")).isEqualTo("8MB");
            // Durability is not a setting.
            assertThat(query(postgres, "SHOW fsync")).isEqualTo("on");
        }
    }

    @Test
    void startsDespiteStalePidFileWhosePidWasReused() throws Exception {
        EmbeddedPostgresServer.start(dataDirectory, 0).close();
        // As after a killed postmaster whose PID now belongs to another live process, which on its own
        // makes Postgres refuse to start. (Not this JVM's PID: Postgres ignores its grandparent's.)
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dataDirectory.resolve("postmaster.pid"), unrelated.pid() + "\n");
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0)) {
                assertThat(query(postgres, "SELECT 1")).isEqualTo("1");
            }
        } finally {
            unrelated.destroy();
        }
    }

    private static void execute(EmbeddedPostgresServer postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresServer postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery(sql)) {
            assertThat(resultSet.next()).as("row from %s", sql).isTrue();
            return resultSet.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
