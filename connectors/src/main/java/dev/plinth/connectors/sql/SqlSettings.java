package dev.plinth.connectors.sql;

import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.connectors.internal.SettingsReader;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * The settings of one {@code sql} connector. {@code url}, {@code username} and {@code password}
 * may hold {@code ${secret:name}} references, resolved per call by {@link #resolve}.
 */
record SqlSettings(String url, String username, String password, boolean readOnly, int maxRows,
        Duration statementTimeout, int poolSize) {

    static final Set<String> KNOWN = Set.of("url", "username", "password", "readOnly", "maxRows",
            "statementTimeout", "poolSize");

    static final int MAX_ROWS_LIMIT = 10_000;

    /** Reads the settings, recording problems in the reader (defaults stand in for bad values). */
    static SqlSettings read(SettingsReader reader) {
        String url = reader.string("url", true);
        if (url != null && !SecretSettings.references(url)) {
            checkUrl(reader, url);
        }
        return new SqlSettings(url, reader.string("username", false), reader.string("password", false),
                reader.bool("readOnly", false), reader.integer("maxRows", 1000, 1, MAX_ROWS_LIMIT),
                reader.duration("statementTimeout", Duration.ofSeconds(30), Duration.ofSeconds(1),
                        Duration.ofMinutes(10)),
                reader.integer("poolSize", 4, 1, 20));
    }

    private static void checkUrl(SettingsReader reader, String url) {
        if (!url.startsWith("jdbc:")) {
            reader.problem("url", "'url' must be a JDBC URL such as jdbc:postgresql://host:5432/database");
            return;
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException noDriver) {
            reader.problem("url", "No JDBC driver in this installation accepts '" + url.split("[?;]", 2)[0]
                    + "'; bundled are PostgreSQL (jdbc:postgresql:) and MariaDB/MySQL (jdbc:mariadb:)");
        }
    }

    /** These settings with their secret references replaced by the secrets' values. */
    SqlSettings resolve(SecretSettings secrets) {
        return new SqlSettings(secrets.resolve(url), secrets.resolve(username), secrets.resolve(password), readOnly,
                maxRows, statementTimeout, poolSize);
    }

    boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    boolean mariaDbOrMySql() {
        return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    // The password is a value, not a field to print: keep it out of any accidental toString.
    @Override
    public String toString() {
        return "SqlSettings[readOnly=" + readOnly + ", maxRows=" + maxRows + ", statementTimeout="
                + statementTimeout + ", poolSize=" + poolSize + "]";
    }
}
