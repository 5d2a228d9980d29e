package dev.plinth.platform.security;

import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Admits the installation's operator only: an admin or viewer key (or console user) of the root
 * tenant. The metrics endpoints ({@code /actuator/prometheus}, {@code /actuator/metrics}) hold every
 * tenant's meters, tagged with their app names, so no other tenant may read them; builder and
 * deployer keys are for CI and deployments, which have no need of them either.
 */
final class InstallationOperator implements AuthorizationManager<RequestAuthorizationContext> {

    static final String DENIED = "Only the root tenant's admin and viewer keys may read the installation's metrics "
            + "(they hold every tenant's meters); a tenant's own figures are at GET /api/v1/runs/stats";

    private static final Set<Role> OPERATOR_ROLES = Set.of(Role.ADMIN, Role.VIEWER);

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        return new AuthorizationDecision(caller != null && caller.getPrincipal() instanceof ApiPrincipal principal
                && principal.rootTenant() && OPERATOR_ROLES.contains(principal.role()));
    }

    /** Whether a denied request asked for the metrics endpoints (to explain why it was denied). */
    static boolean isMetricsRequest(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/actuator/prometheus") || path.startsWith("/actuator/metrics");
    }
}
