package dev.plinth.platform.access;

import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.Role;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tenants", description = "Tenants of this installation and the caller's identity")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    record CreateTenant(
            @NotNull
            @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
                    message = "must be 1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen")
            String name,
            @Size(max = 200) String displayName) {
    }

    record TenantView(UUID id, String name, String displayName, boolean root, Instant createdAt) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.getId(), tenant.getName(), tenant.getDisplayName(), tenant.isRoot(),
                    tenant.getCreatedAt());
        }
    }

    record FirstKey(String id, String role, String key) {
    }

    record CreatedTenant(TenantView tenant, FirstKey adminKey) {
    }

    record Me(TenantView tenant, String keyId, String role) {
    }

    @PostMapping("/tenants")
    @Operation(summary = "Create a tenant (root tenant admins only)",
            description = "Returns the tenant and its first admin key; the key is never shown again.")
    ResponseEntity<CreatedTenant> create(@Valid @RequestBody CreateTenant request) {
        TenantService.Onboarded onboarded = tenants.onboard(ApiPrincipal.current(), request.name(),
                request.displayName());
        Tenant tenant = onboarded.tenant();
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.getName()))
                .body(new CreatedTenant(TenantView.of(tenant), new FirstKey(onboarded.adminKey().key().getId(),
                        Role.ADMIN.wireName(), onboarded.adminKey().secret())));
    }

    @GetMapping("/tenants")
    @Operation(summary = "List tenants (root tenant admins only)")
    Page<TenantView> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        TenantService.requireRootAdmin(ApiPrincipal.current());
        return tenants.list(PageRequest.of(cursor, limit)).map(TenantView::of);
    }

    @GetMapping("/tenants/{name}")
    @Operation(summary = "Get a tenant", description = "Admins see their own tenant; root tenant admins see any.")
    TenantView get(@PathVariable String name) {
        return TenantView.of(tenants.get(ApiPrincipal.current(), name));
    }

    @GetMapping("/me")
    @Operation(summary = "Who am I: the calling key's tenant and role")
    Me me() {
        ApiPrincipal caller = ApiPrincipal.current();
        return new Me(TenantView.of(tenants.get(caller, caller.tenantName())), caller.keyId(), caller.role().wireName());
    }
}
