package dev.plinth.platform.audit;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The filters of {@code GET /api/v1/audit}; every one optional, all combined with AND.
 *
 * @param from inclusive lower bound of {@code occurredAt}
 * @param to   exclusive upper bound of {@code occurredAt}
 */
record AuditQuery(String action, String keyId, String resourceType, String resourceId, Instant from, Instant to,
        String outcome) {

    private static final Set<String> OUTCOMES = Set.of("success", "failure");

    /** Parses the query parameters, refusing bad ones with a 400 that names the parameter. */
    static AuditQuery parse(String action, String keyId, String resourceType, String resourceId, String from,
            String to, String outcome) {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw invalid("outcome", "must be 'success' or 'failure'");
        }
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && !since.isBefore(until)) {
            throw invalid("to", "must be after 'from'");
        }
        return new AuditQuery(blankToNull(action), blankToNull(keyId), blankToNull(resourceType),
                blankToNull(resourceId), since, until, outcome);
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException malformed) {
            throw invalid(parameter, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ApiException invalid(String parameter, String message) {
        return new ApiException(ProblemType.INVALID_PARAMETER, "Query parameter '" + parameter + "' " + message)
                .with("parameter", parameter);
    }
}
