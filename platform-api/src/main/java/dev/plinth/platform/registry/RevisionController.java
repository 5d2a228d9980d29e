package dev.plinth.platform.registry;

import dev.plinth.platform.registry.definition.DefinitionChange;
import dev.plinth.platform.registry.definition.DefinitionFormat;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/apps/{app}/revisions")
@Tag(name = "Revisions", description = "Immutable, numbered versions of an app's definition")
class RevisionController {

    static final String YAML = "application/yaml";

    private final RevisionService revisions;

    RevisionController(RevisionService revisions) {
        this.revisions = revisions;
    }

    record RevisionSummary(int number, String contentHash, Instant createdAt, String createdBy) {
        static RevisionSummary of(Revision revision) {
            return new RevisionSummary(revision.getNumber(), revision.getContentHash(), revision.getCreatedAt(),
                    revision.getCreatedBy());
        }
    }

    record RevisionView(String app, int number, String contentHash, Instant createdAt, String createdBy,
            String sourceFormat, Boolean dryRun, JsonNode definition) {
    }

    record Diff(String app, int from, int to, List<DefinitionChange> changes) {
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "Submit a definition as a new revision (JSON or YAML)",
            description = "Validated against the published JSON Schema and semantic rules; all problems are "
                    + "returned at once (422). A definition identical to the latest revision returns that "
                    + "revision with 200; a new one is stored as the next number (201). With dryRun=true nothing "
                    + "is stored. Accepts Idempotency-Key.")
    ResponseEntity<RevisionView> submit(@PathVariable String app,
            @RequestHeader("Content-Type") MediaType contentType,
            @Parameter(description = "validate and show what would be stored, store nothing")
            @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestBody byte[] body) {
        DefinitionFormat format = MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
                ? DefinitionFormat.JSON : DefinitionFormat.YAML;
        RevisionService.Submitted submitted = revisions.submit(ApiPrincipal.current().tenantId(), app, body, format,
                dryRun, ApiPrincipal.current().actor());
        Revision revision = submitted.revision();
        RevisionView view = new RevisionView(app, revision.getNumber(), revision.getContentHash(),
                revision.getCreatedAt(), revision.getCreatedBy(), revision.getSourceType(),
                submitted.dryRun() ? Boolean.TRUE : null, submitted.definition());
        if (submitted.created()) {
            return ResponseEntity.created(URI.create("/api/v1/apps/" + app + "/revisions/" + revision.getNumber()))
                    .eTag("\"" + revision.getContentHash() + "\"")
                    .body(view);
        }
        return ResponseEntity.ok().eTag("\"" + revision.getContentHash() + "\"").body(view);
    }

    @GetMapping
    @Operation(summary = "List revisions, newest first (cursor-paginated)")
    Page<RevisionSummary> list(@PathVariable String app, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return revisions.list(ApiPrincipal.current().tenantId(), app, PageRequest.of(cursor, limit))
                .map(RevisionSummary::of);
    }

    @GetMapping("/{number}")
    @Operation(summary = "Get one revision with its canonical definition")
    ResponseEntity<RevisionView> get(@PathVariable String app, @PathVariable int number) {
        Revision revision = revisions.get(ApiPrincipal.current().tenantId(), app, number);
        return ResponseEntity.ok().eTag("\"" + revision.getContentHash() + "\"")
                .body(new RevisionView(app, revision.getNumber(), revision.getContentHash(), revision.getCreatedAt(),
                        revision.getCreatedBy(), revision.getSourceType(), null, revisions.definitionOf(revision)));
    }

    @GetMapping(path = "/{number}/source", produces = {YAML, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "The definition exactly as submitted (YAML comments included)")
    ResponseEntity<String> source(@PathVariable String app, @PathVariable int number) {
        Revision revision = revisions.get(ApiPrincipal.current().tenantId(), app, number);
        MediaType type = "json".equals(revision.getSourceType()) ? MediaType.APPLICATION_JSON
                : MediaType.parseMediaType(YAML);
        return ResponseEntity.ok().contentType(type).body(revision.getSource());
    }

    @GetMapping("/{from}/diff/{to}")
    @Operation(summary = "Structured diff between two revisions: paths added, removed and changed")
    Diff diff(@PathVariable String app, @PathVariable int from, @PathVariable int to) {
        return new Diff(app, from, to, revisions.diff(ApiPrincipal.current().tenantId(), app, from, to));
    }
}
