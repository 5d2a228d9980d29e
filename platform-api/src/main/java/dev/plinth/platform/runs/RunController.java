package dev.plinth.platform.runs;

import dev.plinth.orchestrator.RunFilter;
import dev.plinth.orchestrator.RunPage;
import dev.plinth.orchestrator.RunTimeline;
import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.StepAttemptView;
import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.deployments.ActiveRevisions;
import dev.plinth.platform.idempotency.IdempotencyFilter;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.registry.AppDirectory;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
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
@RequestMapping("/api/v1/apps/{app}")
@Tag(name = "Runs", description = "Durable workflow runs of an app")
class RunController {

    private final Workflows workflows;
    private final AppDirectory apps;
    private final ActiveRevisions activeRevisions;

    RunController(Workflows workflows, AppDirectory apps, ActiveRevisions activeRevisions) {
        this.workflows = workflows;
        this.apps = apps;
        this.activeRevisions = activeRevisions;
    }

    record StartRequest(JsonNode input) {
    }

    @PostMapping("/workflows/{workflow}/runs")
    @Operation(summary = "Start a run of a workflow on the app's latest revision, or with ?environment= on the "
            + "revision active in that environment",
            description = "The input is checked against the workflow's input schema (422 with pointers). The run "
                    + "proceeds in the background (202); poll it or its history. Accepts Idempotency-Key.")
    ResponseEntity<RunView> start(@PathVariable String app, @PathVariable String workflow,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey,
            @RequestParam(required = false) String environment,
            @RequestBody(required = false) StartRequest request) {
        ApiPrincipal caller = ApiPrincipal.current();
        AppDirectory.Current current = environment == null ? apps.current(caller.tenantId(), app)
                : activeRevisions.current(caller.tenantId(), app, environment);
        RunView run = workflows.start(new StartRun(caller.tenantId(), current.app().id(), current.app().name(),
                current.revision(), current.definition(), workflow, request == null ? null : request.input(),
                idempotencyKey, environment));
        return ResponseEntity.accepted().location(URI.create("/api/v1/apps/" + app + "/runs/" + run.id())).body(run);
    }

    @GetMapping("/runs")
    @Operation(summary = "List runs, newest first, optionally of one workflow or status, started in a time range, "
            + "or by id or id prefix (cursor-paginated)",
            description = "from (inclusive) and to (exclusive) are ISO-8601 instants or offset date-times compared "
                    + "with the runs' start; id is a run id or its first 4 or more hex digits. Bad values are a 422 "
                    + "naming the parameter (/from, /to, /id, /status).")
    Page<RunView> list(@PathVariable String app, @RequestParam(required = false) String workflow,
            @RequestParam(required = false) String status, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String id,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        ApiPrincipal caller = ApiPrincipal.current();
        AppDirectory.AppRef ref = apps.require(caller.tenantId(), app);
        RunFilter filter = new RunFilter(blankToNull(workflow), blankToNull(status), instant("/from", from),
                instant("/to", to), blankToNull(id));
        RunPage page = workflows.runs(caller.tenantId(), ref.id(), filter, cursor,
                PageRequest.of(null, limit).limit().max());
        return new Page<>(page.items(), page.nextCursor());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant instant(String pointer, String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            throw ApiException.invalid(pointer, pointer.substring(1) + " must be an ISO-8601 date-time with an offset",
                    "for example 2026-01-31T09:00:00Z or 2026-01-31T10:00:00+01:00");
        }
    }

    @GetMapping("/runs/{run}")
    @Operation(summary = "Get a run: status, current steps, output or error")
    RunView get(@PathVariable String app, @PathVariable UUID run) {
        return owned(app, run);
    }

    @GetMapping("/runs/{run}/history")
    @Operation(summary = "Every step attempt of the run with input, output, error and timings")
    List<StepAttemptView> history(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.history(ApiPrincipal.current().tenantId(), run);
    }

    @GetMapping("/runs/{run}/children")
    @Operation(summary = "The run's child runs: parallel branches, forEach items, loop iterations and sub-workflow runs")
    List<RunView> children(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.children(ApiPrincipal.current().tenantId(), run);
    }

    @GetMapping("/runs/{run}/timeline")
    @Operation(summary = "The run laid out in time: steps, attempts, waits and the critical path",
            description = "For a Gantt chart. Steps of the run and of its child runs (parallel branches, forEach "
                    + "items, loop iterations, sub-workflows) ordered by first start, each with every attempt "
                    + "(start, end, outcome, error type); a child run's steps name their runId, parent (the container "
                    + "step) and branch (e.g. 'both/left', 'items[3]'); both are null for the run's own steps. Waits "
                    + "are the intervals spent on a timer, a signal, an approval or a retry backoff. criticalPath "
                    + "lists the steps whose durations determined the run's end, through the child runs that "
                    + "determined each container's end. Open intervals of a running run have no end.")
    RunTimeline timeline(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.timeline(ApiPrincipal.current().tenantId(), run);
    }

    record Decision(Boolean approved, String comment) {
    }

    @PostMapping("/runs/{run}/signals/{signal}")
    @Operation(summary = "Send a signal to a run waiting for it in an awaitSignal step",
            description = "The body (any JSON) becomes the step's output. 409 when the run is not waiting for it.")
    RunView signal(@PathVariable String app, @PathVariable UUID run, @PathVariable String signal,
            @RequestBody(required = false) JsonNode payload) {
        owned(app, run);
        return workflows.signal(ApiPrincipal.current().tenantId(), run, signal, payload);
    }

    @PostMapping("/runs/{run}/approvals/{step}")
    @Operation(summary = "Approve or reject a waiting approval step",
            description = "The caller's key must hold the role the step names; the approver is recorded.")
    RunView decide(@PathVariable String app, @PathVariable UUID run, @PathVariable String step,
            @RequestBody Decision decision) {
        if (decision.approved() == null) {
            throw ApiException.invalid("/approved", "approved (true or false) is required", null);
        }
        owned(app, run);
        ApiPrincipal caller = ApiPrincipal.current();
        return workflows.decide(caller.tenantId(), run, step, decision.approved(), decision.comment(), caller.actor(),
                caller.role().withImplied());
    }

    record Rerun(String fromStep, JsonNode input) {
    }

    @PostMapping("/runs/{run}/retry")
    @Operation(summary = "Retry a failed run from the step that failed",
            description = "Earlier steps' outputs are reused (no repeated calls); the failed step gets a new attempt.")
    RunView retry(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.retry(ApiPrincipal.current().tenantId(), run);
    }

    @PostMapping("/runs/{run}/rerun")
    @Operation(summary = "Start a new run from a chosen step, reusing the outputs of the steps before it",
            description = "Optionally with edited input (checked against the input schema). Returns the new run (202).")
    ResponseEntity<RunView> rerun(@PathVariable String app, @PathVariable UUID run, @RequestBody Rerun request) {
        if (request.fromStep() == null || request.fromStep().isBlank()) {
            throw ApiException.invalid("/fromStep", "fromStep is required", "the id of the step to start from");
        }
        owned(app, run);
        RunView started = workflows.rerun(ApiPrincipal.current().tenantId(), run, request.fromStep(), request.input());
        return ResponseEntity.accepted().location(URI.create("/api/v1/apps/" + app + "/runs/" + started.id()))
                .body(started);
    }

    @PostMapping("/runs/{run}/pause")
    @Operation(summary = "Pause a running run",
            description = "Steps already executing finish; nothing new starts. Results and fired timers that arrive "
                    + "meanwhile are applied on resume. Branches, items and sub-workflow runs pause with it.")
    RunView pause(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.pause(ApiPrincipal.current().tenantId(), run);
    }

    @PostMapping("/runs/{run}/resume")
    @Operation(summary = "Resume a paused run where it stopped")
    RunView resume(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.resume(ApiPrincipal.current().tenantId(), run);
    }

    @PostMapping("/runs/{run}/cancel")
    @Operation(summary = "Cancel a running or paused run")
    RunView cancel(@PathVariable String app, @PathVariable UUID run) {
        owned(app, run);
        return workflows.cancel(ApiPrincipal.current().tenantId(), run);
    }

    private RunView owned(String app, UUID runId) {
        RunView run = workflows.run(ApiPrincipal.current().tenantId(), runId);
        if (!run.app().equals(app)) {
            throw ApiException.notFound("Run " + runId);
        }
        return run;
    }
}
