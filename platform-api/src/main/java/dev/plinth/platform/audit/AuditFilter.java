package dev.plinth.platform.audit;

import dev.plinth.observability.RequestIdFilter;
import dev.plinth.platform.security.ApiPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place changes are audited: every authenticated POST, PUT, PATCH and DELETE under
 * {@code /api/v1} that matches a route is recorded once its status is known — refused attempts
 * (403, 404, 409, 422 …) included, since they matter most for security. It wraps Spring Security,
 * so requests refused by authorization are seen too. Request bodies are never read.
 */
final class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_USER_AGENT = 512;

    private final AuditLog auditLog;
    private final RouteResolver routes;
    private final AuditProperties properties;

    AuditFilter(AuditLog auditLog, RouteResolver routes, AuditProperties properties) {
        this.auditLog = auditLog;
        this.routes = routes;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MUTATING.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Instant receivedAt = Instant.now();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            record(request, response, status, receivedAt);
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, int status, Instant receivedAt) {
        ApiPrincipal caller = ApiPrincipal.of(request);
        if (caller == null) {
            // Unauthenticated: no tenant to file the attempt under (bad keys are refused before any change).
            return;
        }
        try {
            Optional<RouteResolver.Route> route = routes.resolve(request);
            if (route.isEmpty()) {
                return;
            }
            String pattern = route.get().pattern();
            AuditAction action = AuditActions.of(request.getMethod(), pattern, request.getParameter("dryRun"));
            String resourceId = action.idVariable() != null ? route.get().variables().get(action.idVariable())
                    : createdId(response.getHeader(HttpHeaders.LOCATION));
            auditLog.append(caller.tenantId(), new AuditEntry(UUID.randomUUID(), receivedAt, caller.keyId(), null,
                    caller.role().wireName(), action.name(), action.resourceType(), resourceId, request.getMethod(),
                    pattern, route.get().variables(), status, AuditEntry.outcomeOf(status),
                    ClientAddress.of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"),
                            properties.trustedProxies()),
                    truncate(request.getHeader(HttpHeaders.USER_AGENT)), RequestIdFilter.current(request)));
        } catch (RuntimeException failure) {
            // The response is already on its way; losing the entry is logged loudly rather than failing the caller.
            log.error("Could not write the audit entry of {} {} ({}) by {}", request.getMethod(),
                    request.getRequestURI(), status, caller.actor(), failure);
        }
    }

    private static String createdId(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String path = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String truncate(String userAgent) {
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
    }
}
