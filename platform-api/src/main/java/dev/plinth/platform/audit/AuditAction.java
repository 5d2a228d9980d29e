package dev.plinth.platform.audit;

/**
 * What a route does, in audit terms.
 *
 * @param name         the action, {@code <resource type>.<past-tense verb>}, e.g. {@code revision.created}
 * @param resourceType the kind of resource changed, e.g. {@code revision}
 * @param idVariable   the path variable naming the resource; {@code null} when the request creates it
 *                     (its id is then read from the response's {@code Location})
 */
record AuditAction(String name, String resourceType, String idVariable) {
}
