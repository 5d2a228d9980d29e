package dev.plinth.platform.access;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.Role;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and reads tenants. Only admins of the root tenant manage other tenants. */
@Service
public class TenantService {

    private final TenantRepository tenants;
    private final ApiKeyService keys;

    TenantService(TenantRepository tenants, ApiKeyService keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    /** A new tenant with its first admin key, both or neither. */
    record Onboarded(Tenant tenant, ApiKeyService.IssuedKey adminKey) {
    }

    @Transactional
    public Onboarded onboard(ApiPrincipal caller, String name, String displayName) {
        requireRootAdmin(caller);
        Tenant tenant = create(name, displayName, false);
        return new Onboarded(tenant, keys.issue(tenant.getId(), "initial admin key", Role.ADMIN, null, caller.actor()));
    }

    @Transactional
    public Tenant create(String name, String displayName, boolean root) {
        if (tenants.existsByName(name)) {
            throw new ApiException(ProblemType.CONFLICT, "A tenant named '" + name + "' already exists",
                    List.of(InputError.of("/name", "already taken", "choose another name")));
        }
        return tenants.saveAndFlush(new Tenant(name, displayName, root));
    }

    @Transactional(readOnly = true)
    public Page<Tenant> list(PageRequest page) {
        return Page.of(tenants.findByOrderByNameAsc(page.position(), page.limit()), t -> t);
    }

    /** A tenant visible to the caller: any tenant for root admins, otherwise only the caller's own. */
    @Transactional(readOnly = true)
    public Tenant get(ApiPrincipal caller, String name) {
        return tenants.findByName(name)
                .filter(tenant -> caller.rootTenant() || tenant.getId().equals(caller.tenantId()))
                .orElseThrow(() -> ApiException.notFound("Tenant '" + name + "'"));
    }

    static void requireRootAdmin(ApiPrincipal caller) {
        if (!caller.rootTenant()) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    "Only admins of the installation's root tenant can create or list tenants");
        }
    }
}
