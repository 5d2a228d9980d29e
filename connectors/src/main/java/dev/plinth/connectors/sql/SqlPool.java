package dev.plinth.connectors.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * One connector's Hikari pool and the template that runs its statements with the connector's
 * statement timeout and row limit.
 */
final class SqlPool implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;

    private SqlPool(HikariDataSource dataSource, NamedParameterJdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    static SqlPool open(String name, SqlSettings settings, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("plinth-sql-" + name);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        // Connectors may be called rarely: hold no idle connections to the customer's database.
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // Start without connecting, so an unreachable database fails the step (retryably), not the pool.
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(settings.readOnly());
        if (settings.postgres()) {
            // JSON inputs are strings; let PostgreSQL type them from the statement (uuid, timestamptz, ...).
            config.addDataSourceProperty("stringtype", "unspecified");
            if (settings.readOnly()) {
                // The driver's default only makes explicit transactions read-only, not auto-commit statements.
                config.addDataSourceProperty("readOnlyMode", "always");
            }
        } else if (settings.mariaDbOrMySql() && settings.readOnly()) {
            config.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout((int) Math.max(1, (settings.statementTimeout().toMillis() + 999) / 1000));
        // One row beyond the limit tells a full result from a truncated one.
        template.setMaxRows(settings.maxRows() + 1);
        template.setFetchSize(Math.min(settings.maxRows() + 1, 500));
        return new SqlPool(dataSource, new NamedParameterJdbcTemplate(template));
    }

    NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
