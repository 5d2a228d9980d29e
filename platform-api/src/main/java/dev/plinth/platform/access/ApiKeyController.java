package dev.plinth.platform.access;

import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.Role;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/keys")
@Tag(name = "API keys", description = "Keys of the caller's tenant. Requires the admin role.")
class ApiKeyController {

    private final ApiKeyService service;

    ApiKeyController(ApiKeyService service) {
        this.service = service;
    }

    record CreateKey(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = "admin|builder|deployer|viewer|agent",
                    message = "must be one of admin, builder, deployer, viewer, agent") String role,
            Instant expiresAt) {
    }

    /** A key as listed: never its secret. */
    record KeyView(String id, String name, String role, Instant createdAt, String createdBy, Instant expiresAt,
            Instant revokedAt, Instant lastUsedAt) {

        static KeyView of(ApiKey key) {
            return new KeyView(key.getId(), key.getName(), key.getRole().wireName(), key.getCreatedAt(),
                    key.getCreatedBy(), key.getExpiresAt(), key.getRevokedAt(), key.getLastUsedAt());
        }
    }

    /** A key just created: the only response that ever contains the full key. */
    record CreatedKey(String id, String name, String role, Instant createdAt, Instant expiresAt, String key) {
    }

    @PostMapping
    @Operation(summary = "Create an API key", description = "The response holds the full key; it is never shown again.")
    ResponseEntity<CreatedKey> create(@Valid @RequestBody CreateKey request) {
        ApiPrincipal caller = ApiPrincipal.current();
        ApiKeyService.IssuedKey issued = service.issue(caller.tenantId(), request.name().trim(),
                Role.fromWire(request.role()), request.expiresAt(), caller.actor());
        ApiKey key = issued.key();
        return ResponseEntity.created(URI.create("/api/v1/keys/" + key.getId()))
                .body(new CreatedKey(key.getId(), key.getName(), key.getRole().wireName(), key.getCreatedAt(),
                        key.getExpiresAt(), issued.secret()));
    }

    @GetMapping
    @Operation(summary = "List the tenant's API keys (oldest first, cursor-paginated)")
    Page<KeyView> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return service.list(ApiPrincipal.current().tenantId(), PageRequest.of(cursor, limit)).map(KeyView::of);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get one API key (without its secret)")
    KeyView get(@PathVariable String id) {
        return KeyView.of(service.get(ApiPrincipal.current().tenantId(), id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "Revoked keys stay listed with revokedAt set.")
    KeyView revoke(@PathVariable String id) {
        return KeyView.of(service.revoke(ApiPrincipal.current().tenantId(), id));
    }
}
