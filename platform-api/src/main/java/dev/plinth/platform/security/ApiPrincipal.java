package dev.plinth.platform.security;

import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: one API key of one tenant, or a console user signed in to the web console. Every
 * tenant-owned query is scoped by {@link #tenantId()}.
 *
 * @param tenantId   the tenant the key belongs to
 * @param tenantName the tenant's name
 * @param rootTenant whether the tenant is the installation's first tenant, whose admins manage tenants
 * @param keyId      the public id of the key (never the secret); null for a console user
 * @param role       the key's (or console user's) role
 * @param actor      how audit trails and {@code createdBy} fields name this caller: "key:&lt;id&gt;"
 *                   or "user:&lt;email&gt;"
 */
public record ApiPrincipal(UUID tenantId, String tenantName, boolean rootTenant, String keyId, Role role,
        String actor) {

    /** A caller authenticated by the API key {@code keyId}. */
    public ApiPrincipal(UUID tenantId, String tenantName, boolean rootTenant, String keyId, Role role) {
        this(tenantId, tenantName, rootTenant, keyId, role, "key:" + keyId);
    }

    /** A console user signed in with a session. */
    public static ApiPrincipal consoleUser(UUID tenantId, String tenantName, boolean rootTenant, String email,
            Role role) {
        return new ApiPrincipal(tenantId, tenantName, rootTenant, null, role, "user:" + email);
    }

    /** The principal of the current request; fails if the request is not authenticated. */
    public static ApiPrincipal current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("No authenticated API principal in this thread");
    }
}
