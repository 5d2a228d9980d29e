package dev.plinth.platform.memory;

import dev.plinth.memory.AssembledContext;
import dev.plinth.memory.ContextRequest;
import dev.plinth.memory.EraseReceipt;
import dev.plinth.memory.Memory;
import dev.plinth.memory.SearchHit;
import dev.plinth.memory.SearchQuery;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/apps/{app}/memory/users/{user}")
@Tag(name = "Memory: search, context and erase", description = "Reading a user's memory as an LLM needs it")
class MemoryController {

    private static final Set<String> KINDS = Set.of("message", "fact");

    private final Memory memory;
    private final MemoryScopes scopes;

    MemoryController(Memory memory, MemoryScopes scopes) {
        this.memory = memory;
        this.scopes = scopes;
    }

    record SearchResults(String query, String mode, List<SearchHit> hits) {
    }

    @GetMapping("/search")
    @Operation(summary = "Search the user's messages and facts",
            description = "mode: hybrid (default; full-text, fuzzy and semantic fused by reciprocal rank), "
                    + "fulltext, fuzzy or semantic. kinds: message,fact.")
    SearchResults search(@PathVariable String app, @PathVariable String user, @RequestParam String q,
            @RequestParam(defaultValue = "hybrid") String mode, @RequestParam(defaultValue = "message,fact") String kinds,
            @RequestParam(defaultValue = "10") int limit) {
        SearchQuery.Mode parsed = mode(mode);
        List<SearchHit> hits = memory.search(scopes.of(app), user, new SearchQuery(q, parsed, kinds(kinds), limit));
        return new SearchResults(q, parsed.name().toLowerCase(Locale.ROOT), hits);
    }

    @GetMapping("/sessions/{session}/context")
    @Operation(summary = "Assemble an LLM's context for the session within a token budget",
            description = "Summary first, then the most relevant facts (at most factShare of the budget), then the "
                    + "newest messages that fit, oldest first. Tokens are estimated as ceil(characters / 4) unless "
                    + "a message was stored with its own count.")
    AssembledContext context(@PathVariable String app, @PathVariable String user, @PathVariable String session,
            @RequestParam int maxTokens, @RequestParam(required = false) String query,
            @RequestParam(defaultValue = "0.25") double factShare) {
        return memory.context(scopes.of(app), user, session, new ContextRequest(query, maxTokens, factShare));
    }

    @DeleteMapping
    @Operation(summary = "Erase the user: every session, message, fact and embedding of them in this app",
            description = "Returns a receipt with counts; an audit record keeps the counts, not the content.")
    EraseReceipt erase(@PathVariable String app, @PathVariable String user) {
        return memory.erase(scopes.of(app), user, ApiPrincipal.current().actor());
    }

    private static SearchQuery.Mode mode(String mode) {
        try {
            return SearchQuery.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ApiException(ProblemType.INVALID_PARAMETER,
                    "mode must be one of hybrid, fulltext, fuzzy, semantic").with("parameter", "mode");
        }
    }

    private static Set<String> kinds(String kinds) {
        Set<String> parsed = new LinkedHashSet<>(Arrays.asList(kinds.split(",")));
        if (parsed.isEmpty() || !KINDS.containsAll(parsed)) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "kinds must be message, fact or both")
                    .with("parameter", "kinds");
        }
        return parsed;
    }
}
