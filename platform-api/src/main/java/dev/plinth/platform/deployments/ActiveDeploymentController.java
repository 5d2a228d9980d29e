package dev.plinth.platform.deployments;

import dev.plinth.deploy.DeploymentView;
import dev.plinth.deploy.Deployments;
import dev.plinth.platform.registry.AppDirectory;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's apps by environments: which revision is active where. Paginated over apps; a page
 * costs one query for the apps and one for their active deployments, however many apps it holds.
 */
@RestController
@Tag(name = "Deployments")
class ActiveDeploymentController {

    private final AppDirectory apps;
    private final Deployments deployments;

    ActiveDeploymentController(AppDirectory apps, Deployments deployments) {
        this.apps = apps;
        this.deployments = deployments;
    }

    /** One app's row of the matrix; {@code active} holds only environments where something is active. */
    record AppActiveRevisions(String app, Integer latestRevision, List<ActiveRevision> active) {
    }

    /** The revision active in one environment, and the deployment that made it so. */
    record ActiveRevision(String environment, int revision, UUID deployment, String kind, Instant activatedAt,
            DeploymentView.DeployedBy deployedBy) {

        static ActiveRevision of(DeploymentView view) {
            return new ActiveRevision(view.environment(), view.revision(), view.id(), view.kind(),
                    view.activatedAt(), view.deployedBy());
        }
    }

    @GetMapping("/api/v1/deployments/active")
    @Operation(summary = "The revision active in each environment, for every app of the tenant",
            description = "Apps by name, cursor-paginated like GET /api/v1/apps; each app lists the environments "
                    + "where a revision of it is active. Environments themselves: GET /api/v1/environments.")
    Page<AppActiveRevisions> active(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        UUID tenantId = ApiPrincipal.current().tenantId();
        Page<AppDirectory.Listed> page = apps.list(tenantId, PageRequest.of(cursor, limit));
        // Names are unique within a tenant, and a deployment carries its app's name.
        Map<String, List<ActiveRevision>> byApp = deployments.activeOf(tenantId,
                        page.items().stream().map(listed -> listed.app().id()).toList())
                .stream().collect(Collectors.groupingBy(DeploymentView::app, Collectors.mapping(ActiveRevision::of,
                        Collectors.toList())));
        return page.map(listed -> new AppActiveRevisions(listed.app().name(), listed.latestRevision(),
                byApp.getOrDefault(listed.app().name(), List.of())));
    }
}
