package dev.plinth.platform.security;

import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: one API key of one tenant, or a person signed in to the web console. Every
 * tenant-owned query is scoped by {@link #tenantId()}.
 *
 * @param tenantId   the tenant the key belongs to
 * @param tenantName the tenant's name
 * @param rootTenant whether the tenant is the installation's first tenant, whose admins manage tenants
 * @param keyId      the public id of the key (never the secret); for a console user
 *                   "user:&lt;email&gt;" (key ids never contain a colon)
 * @param role       the key's or console user's role
 */
public record ApiPrincipal(UUID tenantId, String tenantName, boolean rootTenant, String keyId, Role role) {

    /** The request attribute holding the caller, for filters that run outside the security context. */
    public static final String REQUEST_ATTRIBUTE = ApiPrincipal.class.getName();

    private static final String CONSOLE_USER_PREFIX = "user:";

    /** The principal of the current request; fails if the request is not authenticated. */
    public static ApiPrincipal current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("No authenticated API principal in this thread");
    }

    /**
     * The caller of {@code request}, kept after Spring Security has cleared its context (so a filter
     * wrapping security can still tell who called); {@code null} when the request was not authenticated.
     */
    public static ApiPrincipal of(jakarta.servlet.http.HttpServletRequest request) {
        return request.getAttribute(REQUEST_ATTRIBUTE) instanceof ApiPrincipal principal ? principal : null;
    }

    /** A person signed in to the web console with a session. */
    public static ApiPrincipal consoleUser(UUID tenantId, String tenantName, boolean rootTenant, String email,
            Role role) {
        return new ApiPrincipal(tenantId, tenantName, rootTenant, CONSOLE_USER_PREFIX + email, role);
    }

    /** Whether the caller is a console user rather than an API key. */
    public boolean isConsoleUser() {
        return keyId.startsWith(CONSOLE_USER_PREFIX);
    }

    /** "key:&lt;id&gt;" or "user:&lt;email&gt;", how audit trails and {@code createdBy} fields name this caller. */
    public String actor() {
        return isConsoleUser() ? keyId : "key:" + keyId;
    }
}
