package dev.plinth.platform.registry;

import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.ETags;
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
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/apps")
@Tag(name = "Apps", description = "The app registry: apps of the caller's tenant")
class AppController {

    static final String NAME_PATTERN = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    static final String NAME_MESSAGE =
            "must be 1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen";

    private final AppService apps;

    AppController(AppService apps) {
        this.apps = apps;
    }

    record CreateApp(
            @NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @Size(max = 2000) String description,
            @Size(max = 64) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}",
                    message = "label names are 1-63 letters, digits, '.', '_', '/' or '-'") String,
                    @NotNull @Size(max = 256) String> labels) {
    }

    record UpdateApp(
            @Size(max = 2000) String description,
            @Size(max = 64) Map<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}",
                    message = "label names are 1-63 letters, digits, '.', '_', '/' or '-'") String,
                    @NotNull @Size(max = 256) String> labels) {
    }

    record AppView(String name, String description, Map<String, String> labels, Integer latestRevision,
            Instant createdAt, Instant updatedAt, String createdBy) {

        static AppView of(App app) {
            return new AppView(app.getName(), app.getDescription(), app.getLabels(), app.getLatestRevision(),
                    app.getCreatedAt(), app.getUpdatedAt(), app.getCreatedBy());
        }
    }

    @PostMapping
    @Operation(summary = "Register an app", description = "Accepts Idempotency-Key. Requires builder or admin.")
    ResponseEntity<AppView> create(@Valid @RequestBody CreateApp request) {
        ApiPrincipal caller = ApiPrincipal.current();
        App app = apps.create(caller.tenantId(), request.name(), request.description(), request.labels(),
                caller.actor());
        return ResponseEntity.created(URI.create("/api/v1/apps/" + app.getName()))
                .eTag(ETags.of(app.getVersion()))
                .body(AppView.of(app));
    }

    @GetMapping
    @Operation(summary = "List apps (by name, cursor-paginated)")
    Page<AppView> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return apps.list(ApiPrincipal.current().tenantId(), PageRequest.of(cursor, limit)).map(AppView::of);
    }

    @GetMapping("/{app}")
    @Operation(summary = "Get an app", description = "The ETag header is the value to send as If-Match when changing it.")
    ResponseEntity<AppView> get(@PathVariable("app") String name) {
        App app = apps.get(ApiPrincipal.current().tenantId(), name);
        return ResponseEntity.ok().eTag(ETags.of(app.getVersion())).body(AppView.of(app));
    }

    @PatchMapping("/{app}")
    @Operation(summary = "Change an app's description or labels",
            description = "Send If-Match with the ETag you read to avoid overwriting a concurrent change (412 on mismatch).")
    ResponseEntity<AppView> update(@PathVariable("app") String name,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody UpdateApp request) {
        App app = apps.update(ApiPrincipal.current().tenantId(), name, ifMatch, request.description(),
                request.labels());
        return ResponseEntity.ok().eTag(ETags.of(app.getVersion())).body(AppView.of(app));
    }

    @DeleteMapping("/{app}")
    @Operation(summary = "Delete an app and all its revisions", description = "Honours If-Match (412 on mismatch).")
    ResponseEntity<Void> delete(@PathVariable("app") String name,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        apps.delete(ApiPrincipal.current().tenantId(), name, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
