package dev.plinth.connectors.sql;

import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.orchestrator.StepOutcome;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Maps a failed statement to a step outcome by the database's SQLSTATE: statement timeouts and
 * connection trouble are retryable, everything the statement or its data got wrong (syntax,
 * constraints, permissions, read-only) is a non-retryable {@code sql-error} carrying the
 * database's own message, scrubbed of secret values.
 */
final class SqlErrors {

    private SqlErrors() {
    }

    static StepOutcome outcome(RuntimeException failure, SecretSettings secrets, Duration statementTimeout) {
        List<SQLException> chain = sqlExceptions(failure);
        String state = chain.stream().map(SQLException::getSQLState).filter(s -> s != null && !s.isEmpty())
                .findFirst().orElse("");
        String message = secrets.redact(databaseMessage(failure, chain));
        if (failure instanceof QueryTimeoutException || state.equals("57014")
                || chain.stream().anyMatch(SQLTimeoutException.class::isInstance)) {
            return StepOutcome.failure("timeout", "The statement did not finish within its statementTimeout of "
                    + statementTimeout + ": " + message, true);
        }
        if (state.startsWith("28") || state.equals("3D000")) {
            // Wrong credentials or database name: retrying changes nothing until the definition does.
            return StepOutcome.failure("sql-error", "The database refused the connection: " + message, false);
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || failure instanceof CannotGetJdbcConnectionException
                || chain.stream().anyMatch(SQLTransientConnectionException.class::isInstance)) {
            return StepOutcome.failure("connection-error", "Could not reach the database: " + message, true);
        }
        if (state.startsWith("40")) {
            return StepOutcome.failure("sql-conflict", "The transaction was rolled back by the database "
                    + "(serialization failure or deadlock): " + message, true);
        }
        return StepOutcome.failure("sql-error", message, false);
    }

    /** Every SQLException in the cause chain, including the chained "next" exceptions Hikari attaches. */
    private static List<SQLException> sqlExceptions(Throwable failure) {
        List<SQLException> found = new ArrayList<>();
        for (Throwable cause = failure; cause != null && found.size() < 10; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                found.add(sql);
                if (sql.getNextException() != null) {
                    found.add(sql.getNextException());
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        // The most specific state usually sits on the innermost exception.
        Collections.reverse(found);
        return found;
    }

    private static String databaseMessage(RuntimeException failure, List<SQLException> chain) {
        if (chain.isEmpty()) {
            return String.valueOf(failure.getMessage());
        }
        // Spring's wrapper repeats the statement text; the database's own message is what helps.
        return String.valueOf(chain.get(0).getMessage()).strip();
    }
}
