package dev.plinth.orchestrator.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * Several statements sent to PostgreSQL in one round trip: one query string, the PostgreSQL driver
 * sending each statement's parse, bind and execute before a single sync. They run one after the
 * other as if sent separately — in READ COMMITTED each takes its own snapshot when it starts, so a
 * statement sees what the ones before it wrote and the rows they waited to lock — but the caller
 * waits for one answer instead of one per statement. The engine's transactions are made of short
 * statements, and on a busy machine the wait for each answer (the database's process and then the
 * engine's thread being scheduled again) costs more than the statement.
 * <p>
 * Run in the caller's transaction (the template takes the transaction's connection).
 */
final class Pipeline {

    /**
     * A statement and its parameters, bound as {@code JdbcClient} binds them; a query (or a
     * statement with {@code returning}) has a handler for its rows.
     */
    record Statement(String sql, Object[] params, RowCallbackHandler rows) {
        Statement(String sql, Object... params) {
            this(sql, params, null);
        }

        static Statement query(RowCallbackHandler rows, String sql, Object... params) {
            return new Statement(sql, params, rows);
        }
    }

    private final JdbcTemplate jdbc;

    /**
     * One column of rows written together through {@code unnest(?::text[], ...)}: each row's value
     * as text (null stays null; PostgreSQL casts the text to the column's type).
     */
    static <T> String[] column(List<T> rows, java.util.function.Function<? super T, ?> value) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            Object one = value.apply(rows.get(i));
            column[i] = one == null ? null : one.toString();
        }
        return column;
    }

    Pipeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs the statements in order: the rows of each query go to its handler; returns the update
     * count of each statement (-1 for a query).
     */
    int[] execute(List<Statement> statements) {
        if (statements.isEmpty()) {
            return new int[0];
        }
        return jdbc.execute((ConnectionCallback<int[]>) connection -> {
            try (PreparedStatement prepared = prepare(connection, statements)) {
                prepared.execute();
                int[] counts = new int[statements.size()];
                for (int i = 0; i < counts.length; i++) {
                    if (i > 0) {
                        prepared.getMoreResults();
                    }
                    RowCallbackHandler handler = statements.get(i).rows();
                    if (handler == null) {
                        counts[i] = prepared.getUpdateCount();
                        continue;
                    }
                    counts[i] = -1;
                    try (ResultSet rows = prepared.getResultSet()) {
                        while (rows.next()) {
                            handler.processRow(rows);
                        }
                    }
                }
                return counts;
            }
        });
    }

    private static PreparedStatement prepare(java.sql.Connection connection, List<Statement> statements)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(
                statements.stream().map(Statement::sql).collect(Collectors.joining(";\n")));
        try {
            int index = 1;
            for (Statement statement : statements) {
                for (Object param : statement.params()) {
                    StatementCreatorUtils.setParameterValue(prepared, index++, SqlTypeValue.TYPE_UNKNOWN, param);
                }
            }
            return prepared;
        } catch (SQLException | RuntimeException failure) {
            prepared.close();
            throw failure;
        }
    }
}
