package dev.plinth.platform.secrets;

import dev.plinth.connectors.SecretInfo;
import dev.plinth.connectors.SecretPage;
import dev.plinth.connectors.Secrets;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's secrets, referenced from definitions as {@code ${secret:name}}. Write-only: no
 * response ever contains a value, only names, environments, versions and timestamps.
 */
@RestController
@RequestMapping("/api/v1/secrets")
@Tag(name = "Secrets", description = "Encrypted credentials that connectors reference as ${secret:name}")
class SecretController {

    private final Secrets secrets;

    SecretController(Secrets secrets) {
        this.secrets = secrets;
    }

    /** One secret name and its entry per environment ({@code environment: null} applies to all). */
    record SecretView(String name, List<SecretInfo> entries) {
    }

    @PutMapping("/{name}")
    @Operation(summary = "Set a secret's value (a new version each time)",
            description = "Body: {\"value\": \"...\", \"environment\": optional}. 201 when the name is new in that "
                    + "environment, 200 with the next version otherwise. The value is encrypted (AES-GCM) and never "
                    + "returned. Roles: admin, deployer.")
    ResponseEntity<SecretInfo> put(@PathVariable String name,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = SecretBody.class)))
            @RequestBody(required = false) byte[] body) {
        SecretBody request = SecretBody.parse(body);
        Secrets.SecretWrite written = secrets.put(ApiPrincipal.current().tenantId(), name, request.environment(),
                request.value());
        if (written.created()) {
            return ResponseEntity.created(URI.create("/api/v1/secrets/" + name)).body(written.secret());
        }
        return ResponseEntity.ok(written.secret());
    }

    @GetMapping
    @Operation(summary = "List secrets by name then environment, without values (cursor-paginated)")
    Page<SecretInfo> list(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        int size = PageRequest.of(null, limit).limit().max();
        SecretPage page = secrets.list(ApiPrincipal.current().tenantId(), cursor, size);
        return new Page<>(page.items(), page.nextCursor());
    }

    @GetMapping("/{name}")
    @Operation(summary = "A secret's entries per environment: versions and timestamps, never the value")
    SecretView get(@PathVariable String name) {
        return new SecretView(name, secrets.get(ApiPrincipal.current().tenantId(), name));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a secret with all its versions",
            description = "Every environment's entry, or only one with ?environment=. Steps referencing it then "
                    + "fail with secret-missing. Roles: admin, deployer.")
    ResponseEntity<Void> delete(@PathVariable String name, @RequestParam(required = false) String environment) {
        secrets.delete(ApiPrincipal.current().tenantId(), name, environment, environment == null);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/rotation")
    @Operation(summary = "Re-encrypt every tenant's secrets under the current master key (root tenant admins)",
            description = "Run after configuring a new plinth.secrets.master-key with the old key in "
                    + "plinth.secrets.previous-master-keys. Reads keep working throughout; safe to repeat.")
    ResponseEntity<Secrets.KeyRotation> rotate() {
        if (!ApiPrincipal.current().rootTenant()) {
            throw new ApiException(ProblemType.FORBIDDEN,
                    "Master-key rotation covers every tenant; only admins of the root tenant may run it");
        }
        return ResponseEntity.status(HttpStatus.OK).body(secrets.reencrypt());
    }
}
