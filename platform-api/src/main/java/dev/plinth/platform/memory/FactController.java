package dev.plinth.platform.memory;

import dev.plinth.memory.Fact;
import dev.plinth.memory.Memory;
import dev.plinth.memory.NewFact;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Long-term facts, per user ({@code /memory/users/{user}/facts}) and app-wide
 * ({@code /memory/facts}). Writing a key that exists supersedes the current fact; the old one stays
 * in its history.
 */
@RestController
@Tag(name = "Memory: facts", description = "What an app has learned, with its history")
class FactController {

    private static final String USER = "/api/v1/apps/{app}/memory/users/{user}/facts";
    private static final String APP = "/api/v1/apps/{app}/memory/facts";

    private final Memory memory;
    private final MemoryScopes scopes;

    FactController(Memory memory, MemoryScopes scopes) {
        this.memory = memory;
        this.scopes = scopes;
    }

    record Source(String kind, String ref) {
    }

    record FactBody(String key, String text, JsonNode value, String category, Source source, Instant expiresAt) {
        NewFact toFact() {
            return new NewFact(key, text, value, category, source == null ? null : source.kind(),
                    source == null ? null : source.ref(), expiresAt);
        }
    }

    @PostMapping({USER, APP})
    @Operation(summary = "Remember a fact",
            description = "With a key that already has a fact, supersedes it. If-Match with the current fact's "
                    + "ETag refuses the write when someone else changed it first (412).")
    ResponseEntity<Fact> remember(@PathVariable String app, @PathVariable(required = false) String user,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody FactBody body) {
        Fact fact = memory.remember(scopes.of(app), user, body.toFact(), MemoryETags.version(ifMatch));
        return ResponseEntity.created(URI.create(path(app, user) + "/" + fact.id())).eTag(etag(fact)).body(fact);
    }

    @GetMapping({USER, APP})
    @Operation(summary = "Facts valid now, or at a past instant (at=), newest first",
            description = "at= answers 'what did we believe then?' from the supersede history.")
    Page<Fact> list(@PathVariable String app, @PathVariable(required = false) String user,
            @RequestParam(required = false) Instant at, @RequestParam(required = false) String category,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        int size = PageRequest.of(null, limit).limit().max();
        var slice = memory.facts(scopes.of(app), user, at, category, cursor, size);
        return new Page<>(slice.items(), slice.nextCursor());
    }

    @GetMapping({USER + "/{id}", APP + "/{id}"})
    @Operation(summary = "Get one fact version")
    ResponseEntity<Fact> get(@PathVariable String app, @PathVariable(required = false) String user,
            @PathVariable long id) {
        Fact fact = memory.fact(scopes.of(app), user, id);
        return ResponseEntity.ok().eTag(etag(fact)).body(fact);
    }

    @GetMapping({USER + "/history", APP + "/history"})
    @Operation(summary = "Every version of the fact with a key, oldest first")
    List<Fact> history(@PathVariable String app, @PathVariable(required = false) String user,
            @RequestParam String key) {
        return memory.history(scopes.of(app), user, key);
    }

    @DeleteMapping({USER + "/{id}", APP + "/{id}"})
    @Operation(summary = "Forget a fact: it stops being valid now and stays in history")
    Fact forget(@PathVariable String app, @PathVariable(required = false) String user, @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return memory.forget(scopes.of(app), user, id, MemoryETags.version(ifMatch));
    }

    private static String etag(Fact fact) {
        return "\"" + fact.id() + "\"";
    }

    private static String path(String app, String user) {
        return user == null ? "/api/v1/apps/" + app + "/memory/facts"
                : "/api/v1/apps/" + app + "/memory/users/" + user + "/facts";
    }
}
