package dev.plinth.platform.memory;

import dev.plinth.memory.Memory;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who an app remembers: the users with a session or a fact, for browsing (the console's memory page). */
@RestController
@Tag(name = "Memory: sessions and messages")
class MemoryUserController {

    private final Memory memory;
    private final MemoryScopes scopes;

    MemoryUserController(Memory memory, MemoryScopes scopes) {
        this.memory = memory;
        this.scopes = scopes;
    }

    @GetMapping("/api/v1/apps/{app}/memory/users")
    @Operation(summary = "List the app's users that have a session or a fact, by id (cursor-paginated)")
    Page<String> users(@PathVariable String app, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        int size = PageRequest.of(null, limit).limit().max();
        var slice = memory.users(scopes.of(app), cursor, size);
        return new Page<>(slice.items(), slice.nextCursor());
    }
}
