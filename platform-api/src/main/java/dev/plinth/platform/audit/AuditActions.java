package dev.plinth.platform.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names the action of a mutating route. Known routes have names chosen by hand; any other route
 * (an endpoint added later) gets a name derived from its pattern, so it is audited from the day
 * it exists: {@code POST /things} → {@code thing.created}, {@code PUT /apps/{app}/secrets/{name}}
 * → {@code secret.updated}, {@code POST /deployments/{id}/verify} → {@code deployment.verify},
 * {@code POST /apps/{app}/schedules/pause} → {@code schedule.pause}.
 */
final class AuditActions {

    private static final String API = "/api/v1/";
    private static final String APP = "/api/v1/apps/{app}";
    private static final String USER = APP + "/memory/users/{user}";
    private static final String SESSION = USER + "/sessions/{session}";
    private static final String RUN = APP + "/runs/{run}";

    private static final Map<String, AuditAction> NAMED = Map.ofEntries(
            named("POST /api/v1/tenants", "tenant.created", "tenant", null),
            named("POST /api/v1/keys", "key.created", "key", null),
            named("DELETE /api/v1/keys/{id}", "key.revoked", "key", "id"),
            named("POST /api/v1/apps", "app.created", "app", null),
            named("PATCH " + APP, "app.updated", "app", "app"),
            named("DELETE " + APP, "app.deleted", "app", "app"),
            named("POST " + APP + "/revisions", "revision.created", "revision", null),
            named("POST " + USER + "/sessions", "memory.session.created", "session", null),
            named("PATCH " + SESSION, "memory.session.updated", "session", "session"),
            named("DELETE " + SESSION, "memory.session.deleted", "session", "session"),
            named("POST " + SESSION + "/messages", "memory.message.appended", "session", "session"),
            named("POST " + SESSION + "/messages/{seq}/redact", "memory.message.redacted", "message", "seq"),
            named("DELETE " + SESSION + "/messages/{seq}", "memory.message.deleted", "message", "seq"),
            named("POST " + USER + "/facts", "memory.fact.remembered", "fact", null),
            named("POST " + APP + "/memory/facts", "memory.fact.remembered", "fact", null),
            named("DELETE " + USER + "/facts/{id}", "memory.fact.forgotten", "fact", "id"),
            named("DELETE " + APP + "/memory/facts/{id}", "memory.fact.forgotten", "fact", "id"),
            named("DELETE " + USER, "memory.user.erased", "user", "user"),
            named("POST " + APP + "/workflows/{workflow}/runs", "run.started", "run", null),
            named("POST " + RUN + "/signals/{signal}", "run.signalled", "run", "run"),
            named("POST " + RUN + "/approvals/{step}", "run.approval.decided", "run", "run"),
            named("POST " + RUN + "/retry", "run.retried", "run", "run"),
            named("POST " + RUN + "/rerun", "run.rerun", "run", "run"),
            named("POST /api/v1/secrets/rotation", "secret.rotated", "secret", null),
            named("POST /api/v1/environments", "environment.created", "environment", null),
            named("PUT /api/v1/environments/{name}", "environment.updated", "environment", "name"),
            named("POST " + APP + "/deployments", "deployment.created", "deployment", null),
            named("POST " + APP + "/deployments/promote", "deployment.promoted", "deployment", null),
            named("POST " + APP + "/deployments/rollback", "deployment.rolled-back", "deployment", null),
            named("POST " + RUN + "/pause", "run.paused", "run", "run"),
            named("POST " + RUN + "/resume", "run.resumed", "run", "run"),
            named("POST " + RUN + "/cancel", "run.cancelled", "run", "run"));

    private static final AuditAction REVISION_VALIDATED = new AuditAction("revision.validated", "revision", null);

    private AuditActions() {
    }

    /**
     * The action of {@code method} on the route {@code pattern}; {@code dryRun} is the request's
     * {@code dryRun} parameter (a dry-run submission validates and stores nothing).
     */
    static AuditAction of(String method, String pattern, String dryRun) {
        AuditAction named = NAMED.get(method + " " + pattern);
        if (named != null) {
            return "revision.created".equals(named.name()) && "true".equalsIgnoreCase(dryRun)
                    ? REVISION_VALIDATED : named;
        }
        return derived(method, pattern);
    }

    static AuditAction derived(String method, String pattern) {
        String relative = pattern.startsWith(API) ? pattern.substring(API.length()) : pattern;
        List<String> segments = new ArrayList<>(Arrays.stream(relative.split("/")).filter(s -> !s.isEmpty()).toList());
        if (segments.isEmpty()) {
            return new AuditAction("api." + verb(method, false), "api", null);
        }
        int last = segments.size() - 1;
        String tail = segments.get(last);
        if (isVariable(tail)) {
            String type = last >= 1 ? singular(segments.get(last - 1)) : "resource";
            return new AuditAction(type + "." + verb(method, true), type, variable(tail));
        }
        // A POST to a singular word is an operation: on one resource (/deployments/{id}/promote) or
        // on a collection (/deployments/rollback, whose result's id comes from Location).
        boolean operation = "POST".equals(method) && last >= 1 && !tail.endsWith("s");
        if (operation && isVariable(segments.get(last - 1))) {
            String type = last >= 2 ? singular(segments.get(last - 2)) : "resource";
            return new AuditAction(type + "." + tail, type, variable(segments.get(last - 1)));
        }
        if (operation) {
            String type = singular(segments.get(last - 1));
            return new AuditAction(type + "." + tail, type, null);
        }
        String type = singular(tail);
        return new AuditAction(type + "." + verb(method, false), type, null);
    }

    private static String verb(String method, boolean item) {
        return switch (method) {
            case "POST" -> item ? "submitted" : "created";
            case "DELETE" -> "deleted";
            default -> "updated";
        };
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    // "{name}" and "{name:regex}" both name the variable "name"; "{*rest}" names "rest".
    private static String variable(String segment) {
        String inner = segment.substring(1, segment.length() - 1);
        int colon = inner.indexOf(':');
        return (colon < 0 ? inner : inner.substring(0, colon)).replace("*", "");
    }

    private static String singular(String plural) {
        String word = plural.toLowerCase(Locale.ROOT);
        if (word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static Map.Entry<String, AuditAction> named(String route, String name, String type, String idVariable) {
        return Map.entry(route, new AuditAction(name, type, idVariable));
    }
}
