package dev.plinth.platform.deployments;

import dev.plinth.deploy.EnvironmentView;
import dev.plinth.deploy.Environments;
import dev.plinth.deploy.NewEnvironment;
import dev.plinth.platform.security.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/environments")
@Tag(name = "Environments", description = "The caller's tenant's environments and their protection")
class EnvironmentController {

    private final Environments environments;

    EnvironmentController(Environments environments) {
        this.environments = environments;
    }

    @GetMapping
    @Operation(summary = "List environments (dev, staging and prod exist from the start)")
    List<EnvironmentView> list() {
        return environments.list(ApiPrincipal.current().tenantId());
    }

    @GetMapping("/{name}")
    @Operation(summary = "Get an environment and its protection")
    EnvironmentView get(@PathVariable String name) {
        return environments.get(ApiPrincipal.current().tenantId(), name);
    }

    @PostMapping
    @Operation(summary = "Add an environment",
            description = "allowedRoles (default [deployer]) may deploy to it, admin always; promoteFrom, when "
                    + "set, makes it accept only promotions from that environment. Requires admin. Accepts "
                    + "Idempotency-Key.")
    ResponseEntity<EnvironmentView> create(@RequestBody NewEnvironment request) {
        ApiPrincipal caller = ApiPrincipal.current();
        EnvironmentView created = environments.create(caller.tenantId(), request, caller.actor());
        return ResponseEntity.created(URI.create("/api/v1/environments/" + created.name())).body(created);
    }

    @PutMapping("/{name}")
    @Operation(summary = "Replace an environment's description and protection",
            description = "The same fields as when adding one (name comes from the path), e.g. "
                    + "{\"allowedRoles\": [\"deployer\"], \"promoteFrom\": \"staging\"} for prod. Requires admin.")
    EnvironmentView replace(@PathVariable String name, @RequestBody NewEnvironment request) {
        return environments.replace(ApiPrincipal.current().tenantId(), name, request);
    }
}
