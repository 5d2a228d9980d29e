package dev.plinth.platform.memory;

import dev.plinth.memory.Appended;
import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.Message;
import dev.plinth.memory.MessagePage;
import dev.plinth.memory.NewMessage;
import dev.plinth.memory.Session;
import dev.plinth.platform.idempotency.IdempotencyFilter;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/apps/{app}/memory/users/{user}/sessions")
@Tag(name = "Memory: sessions and messages", description = "Conversations of an app's end users")
class SessionController {

    private final Memory memory;
    private final MemoryScopes scopes;

    SessionController(Memory memory, MemoryScopes scopes) {
        this.memory = memory;
        this.scopes = scopes;
    }

    record CreateSession(@Size(min = 1, max = 256) String id, JsonNode metadata) {
    }

    record UpdateSession(JsonNode metadata, @Size(max = 1_000_000) String summary) {
    }

    @PostMapping
    @Operation(summary = "Create a session (sessions are also created by their first message)")
    ResponseEntity<Session> create(@PathVariable String app, @PathVariable String user,
            @Valid @RequestBody(required = false) CreateSession request) {
        CreateSession body = request == null ? new CreateSession(null, null) : request;
        Session session = memory.createSession(scopes.of(app), user, body.id(), body.metadata());
        return ResponseEntity.created(URI.create(base(app, user) + "/" + session.id()))
                .eTag(etag(session)).body(session);
    }

    @GetMapping
    @Operation(summary = "List the user's sessions, newest first (cursor-paginated)")
    Page<Session> list(@PathVariable String app, @PathVariable String user,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        int size = PageRequest.of(null, limit).limit().max();
        var slice = memory.sessions(scopes.of(app), user, cursor, size);
        return new Page<>(slice.items(), slice.nextCursor());
    }

    @GetMapping("/{session}")
    @Operation(summary = "Get a session", description = "The ETag guards updates (If-Match).")
    ResponseEntity<Session> get(@PathVariable String app, @PathVariable String user, @PathVariable String session) {
        Session found = memory.session(scopes.of(app), user, session);
        return ResponseEntity.ok().eTag(etag(found)).body(found);
    }

    @PatchMapping("/{session}")
    @Operation(summary = "Change a session's metadata or summary")
    ResponseEntity<Session> update(@PathVariable String app, @PathVariable String user, @PathVariable String session,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody UpdateSession request) {
        Session updated = memory.updateSession(scopes.of(app), user, session, MemoryETags.version(ifMatch),
                request.metadata(), request.summary());
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @DeleteMapping("/{session}")
    @Operation(summary = "Delete a session and its messages")
    ResponseEntity<Void> delete(@PathVariable String app, @PathVariable String user, @PathVariable String session) {
        memory.deleteSession(scopes.of(app), user, session);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{session}/messages")
    @Operation(summary = "Append one message, or a batch as {\"messages\": [...]}",
            description = "Creates the session on first use. Messages get strictly increasing sequence numbers. "
                    + "With Idempotency-Key, a retried append stores nothing twice.")
    ResponseEntity<Appended> append(@PathVariable String app, @PathVariable String user, @PathVariable String session,
            @RequestHeader(name = IdempotencyFilter.HEADER, required = false) String idempotencyKey,
            @RequestBody JsonNode body) {
        List<NewMessage> messages = MessageBodies.read(body);
        boolean single = !body.has("messages");
        MemoryScope scope = scopes.of(app);
        Appended appended;
        try {
            appended = memory.append(scope, user, session, messages, idempotencyKey);
        } catch (MemoryException failure) {
            throw single ? singleMessagePointer(failure) : failure;
        }
        return ResponseEntity.status(appended.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(appended);
    }

    @GetMapping("/{session}/messages")
    @Operation(summary = "Read messages in order",
            description = "From the start, after a sequence number (after=), or the ones before one (before=); "
                    + "nextAfter and previousBefore page onwards in either direction.")
    MessagePage messages(@PathVariable String app, @PathVariable String user, @PathVariable String session,
            @RequestParam(required = false) Integer after, @RequestParam(required = false) Integer before,
            @RequestParam(required = false) Integer limit) {
        int size = PageRequest.of(null, limit).limit().max();
        return memory.messages(scopes.of(app), user, session, after, before, size);
    }

    @PostMapping("/{session}/messages/{seq}/redact")
    @Operation(summary = "Redact a message: its content is replaced, its place and role kept")
    Message redact(@PathVariable String app, @PathVariable String user, @PathVariable String session,
            @PathVariable int seq) {
        return memory.redact(scopes.of(app), user, session, seq);
    }

    @DeleteMapping("/{session}/messages/{seq}")
    @Operation(summary = "Delete a message")
    ResponseEntity<Void> deleteMessage(@PathVariable String app, @PathVariable String user,
            @PathVariable String session, @PathVariable int seq) {
        memory.deleteMessage(scopes.of(app), user, session, seq);
        return ResponseEntity.noContent().build();
    }

    private static MemoryException singleMessagePointer(MemoryException failure) {
        String pointer = failure.pointer();
        if (pointer == null || !pointer.startsWith("/messages/0")) {
            return failure;
        }
        return new MemoryException(failure.kind(), failure.getMessage(), pointer.substring("/messages/0".length()),
                failure.hint());
    }

    private static String etag(Session session) {
        return "\"" + session.version() + "\"";
    }

    private static String base(String app, String user) {
        return "/api/v1/apps/" + app + "/memory/users/" + user + "/sessions";
    }
}
