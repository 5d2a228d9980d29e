package dev.plinth.platform.runs;

import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.security.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A run's progress as server-sent events, for the console's run page and any other client. */
@RestController
@Tag(name = "Runs", description = "Durable workflow runs of an app")
class RunEventsController {

    private final Workflows workflows;
    private final RunStreams streams;

    RunEventsController(Workflows workflows, RunStreams streams) {
        this.workflows = workflows;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/apps/{app}/runs/{run}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a run as server-sent events",
            description = "First a 'run' event with the current state ({run, history}: the run as GET returns it "
                    + "and every step attempt), then another whenever the status, current steps, attempts, output, "
                    + "error or child runs change; once the run has ended an 'end' event ({status}) and the stream "
                    + "completes. Event ids are opaque change markers. Every connection, a reconnect with "
                    + "Last-Event-ID included, starts with the current state, so nothing is missed in between. "
                    + "Comment lines keep an idle stream open. 404 for a run the caller cannot see; 429 when the "
                    + "tenant holds plinth.run-streams.max-per-tenant streams on this server already.")
    SseEmitter events(@PathVariable String app, @PathVariable UUID run) {
        UUID tenantId = ApiPrincipal.current().tenantId();
        if (!workflows.run(tenantId, run).app().equals(app)) {
            throw ApiException.notFound("Run " + run);
        }
        return streams.open(tenantId, run);
    }
}
