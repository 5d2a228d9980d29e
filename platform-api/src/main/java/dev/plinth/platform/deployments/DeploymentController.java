package dev.plinth.platform.deployments;

import dev.plinth.deploy.AppTarget;
import dev.plinth.deploy.DeploymentPage;
import dev.plinth.deploy.DeploymentView;
import dev.plinth.deploy.Deployments;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.registry.AppDirectory;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/apps/{app}/deployments")
@Tag(name = "Deployments", description = "Putting app revisions into environments: checks, promotion, rollback")
class DeploymentController {

    private final Deployments deployments;
    private final AppDirectory apps;

    DeploymentController(Deployments deployments, AppDirectory apps) {
        this.deployments = deployments;
        this.apps = apps;
    }

    record DeployRequest(Integer revision, String environment) {
    }

    record PromoteRequest(String from, String to) {
    }

    record RollbackRequest(String environment) {
    }

    @PostMapping
    @Operation(summary = "Deploy a revision to an environment",
            description = "Returns 202 with the pending deployment; pre-flight checks (revision, secrets, the "
                    + "environment's smoke test) run in the background and the deployment becomes active or "
                    + "failed. The environment's protection decides which keys may deploy (403 otherwise). "
                    + "Accepts Idempotency-Key.")
    ResponseEntity<DeploymentView> deploy(@PathVariable String app, @RequestBody(required = false) DeployRequest body) {
        DeployRequest request = body == null ? new DeployRequest(null, null) : body;
        List<InputError> errors = new ArrayList<>();
        if (request.revision() == null || request.revision() < 1) {
            errors.add(InputError.of("/revision", "revision is required: a revision number of the app (1 or more)",
                    null));
        }
        requireName(errors, "/environment", request.environment());
        rejectIfAny(errors);
        ApiPrincipal caller = ApiPrincipal.current();
        return accepted(app, deployments.deploy(target(caller, app), request.revision(), request.environment(),
                Callers.actor(caller)));
    }

    @PostMapping("/promote")
    @Operation(summary = "Promote: deploy to one environment exactly the revision active in another",
            description = "202 with the pending deployment, checked like any other. 409 when nothing is active in "
                    + "'from'. Accepts Idempotency-Key.")
    ResponseEntity<DeploymentView> promote(@PathVariable String app,
            @RequestBody(required = false) PromoteRequest body) {
        PromoteRequest request = body == null ? new PromoteRequest(null, null) : body;
        List<InputError> errors = new ArrayList<>();
        requireName(errors, "/from", request.from());
        requireName(errors, "/to", request.to());
        rejectIfAny(errors);
        ApiPrincipal caller = ApiPrincipal.current();
        return accepted(app, deployments.promote(target(caller, app), request.from(), request.to(),
                Callers.actor(caller)));
    }

    @PostMapping("/rollback")
    @Operation(summary = "Roll back: reactivate the revision active in the environment before the current one",
            description = "Takes effect at once (201 with the new, active deployment); the current deployment "
                    + "becomes rolled-back. 409 when there is nothing to roll back to.")
    ResponseEntity<DeploymentView> rollback(@PathVariable String app,
            @RequestBody(required = false) RollbackRequest body) {
        RollbackRequest request = body == null ? new RollbackRequest(null) : body;
        List<InputError> errors = new ArrayList<>();
        requireName(errors, "/environment", request.environment());
        rejectIfAny(errors);
        ApiPrincipal caller = ApiPrincipal.current();
        DeploymentView deployment = deployments.rollback(target(caller, app), request.environment(),
                Callers.actor(caller));
        return ResponseEntity.status(HttpStatus.CREATED).location(location(app, deployment)).body(deployment);
    }

    @GetMapping
    @Operation(summary = "The app's deployment history, newest first, optionally of one environment and status "
            + "(cursor-paginated)")
    Page<DeploymentView> list(@PathVariable String app, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        if (status != null && !DeploymentView.STATUSES.contains(status)) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "Query parameter 'status' must be one of "
                    + String.join(", ", DeploymentView.STATUSES.stream().sorted().toList()))
                    .with("parameter", "status");
        }
        int size = PageRequest.of(null, limit).limit().max();
        DeploymentPage page = deployments.list(target(ApiPrincipal.current(), app), environment, status, cursor, size);
        return new Page<>(page.items(), page.nextCursor());
    }

    @GetMapping("/{deployment}")
    @Operation(summary = "Get a deployment: status, each check's outcome, who deployed it and when")
    DeploymentView get(@PathVariable String app, @PathVariable UUID deployment) {
        return deployments.get(target(ApiPrincipal.current(), app), deployment);
    }

    private AppTarget target(ApiPrincipal caller, String app) {
        return Callers.target(apps.require(caller.tenantId(), app));
    }

    private static ResponseEntity<DeploymentView> accepted(String app, DeploymentView deployment) {
        return ResponseEntity.accepted().location(location(app, deployment)).body(deployment);
    }

    private static URI location(String app, DeploymentView deployment) {
        return URI.create("/api/v1/apps/" + app + "/deployments/" + deployment.id());
    }

    private static void requireName(List<InputError> errors, String pointer, String value) {
        if (value == null || value.isBlank()) {
            errors.add(InputError.of(pointer, pointer.substring(1) + " is required: the name of an environment",
                    "list them with GET /api/v1/environments"));
        }
    }

    private static void rejectIfAny(List<InputError> errors) {
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION_FAILED, errors.get(0).message(), errors);
        }
    }
}
