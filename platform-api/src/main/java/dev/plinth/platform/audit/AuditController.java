package dev.plinth.platform.audit;

import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Who changed what, when and from where, in the caller's tenant. Requires the admin role.")
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping
    @Operation(summary = "List audit entries, newest first (cursor-paginated)",
            description = "Every POST, PUT, PATCH and DELETE made with a key of this tenant, refused attempts "
                    + "included (outcome 'failure' with their status). Request bodies are never recorded. "
                    + "A malformed filter is a 400 naming the parameter.")
    Page<AuditEntry> list(
            @Parameter(description = "exact action, e.g. revision.created") @RequestParam(required = false) String action,
            @Parameter(description = "id of the acting API key") @RequestParam(required = false) String keyId,
            @Parameter(description = "e.g. app, revision, run, key") @RequestParam(required = false) String resourceType,
            @RequestParam(required = false) String resourceId,
            @Parameter(description = "ISO-8601 instant, inclusive") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @RequestParam(required = false) String to,
            @Parameter(description = "success or failure") @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        AuditQuery query = AuditQuery.parse(action, keyId, resourceType, resourceId, from, to, outcome);
        return auditLog.search(ApiPrincipal.current().tenantId(), query, PageRequest.of(cursor, limit));
    }
}
