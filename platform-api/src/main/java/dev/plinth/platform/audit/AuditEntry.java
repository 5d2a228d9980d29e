package dev.plinth.platform.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One change attempted through the API: who (the key, its name and role), what (the action, the
 * resource, the outcome), when, and from where. Never the request body, which may carry secrets.
 *
 * @param keyName      the key's name when the entry was written
 * @param route        the route pattern that matched, e.g. {@code /api/v1/apps/{app}/runs/{run}/cancel}
 * @param pathParams   the values of the route's path variables
 * @param status       the HTTP status answered
 * @param outcome      {@code success} (status below 400) or {@code failure}
 * @param clientIp     the caller's address (see {@code plinth.audit.trusted-proxies})
 * @param requestId    the request's {@code X-Request-Id}, also in every log line of the request
 */
public record AuditEntry(UUID id, Instant occurredAt, String keyId, String keyName, String role, String action,
        String resourceType, String resourceId, String method, String route, Map<String, String> pathParams,
        int status, String outcome, String clientIp, String userAgent, String requestId) {

    static String outcomeOf(int status) {
        return status < 400 ? "success" : "failure";
    }
}
