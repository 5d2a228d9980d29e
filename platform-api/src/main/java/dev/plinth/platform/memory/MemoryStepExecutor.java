package dev.plinth.platform.memory;

import dev.plinth.memory.ContextRequest;
import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryException;
import dev.plinth.memory.MemoryScope;
import dev.plinth.memory.NewFact;
import dev.plinth.memory.NewMessage;
import dev.plinth.memory.SearchQuery;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import dev.plinth.platform.registry.AppDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs workflow {@code memory} steps against the memory store: {@code appendMessage} (idempotent:
 * the step's idempotency key is the append's, so a retried step never appends twice),
 * {@code context}, {@code upsertFact} and {@code search}.
 */
@Component
class MemoryStepExecutor implements StepExecutor {

    private final Memory memory;
    private final AppDirectory apps;
    private final JsonMapper json;

    MemoryStepExecutor(Memory memory, AppDirectory apps, JsonMapper json) {
        this.memory = memory;
        this.apps = apps;
        this.json = json;
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public StepOutcome execute(StepInvocation invocation) {
        AppDirectory.AppRef app = apps.find(invocation.tenantId(), invocation.appId()).orElse(null);
        if (app == null) {
            return StepOutcome.failure("not-found", "The app no longer exists", false);
        }
        MemoryScope scope = new MemoryScope(invocation.tenantId(), null, app.id(), app.name());
        JsonNode p = invocation.parameters();
        try {
            Object result = switch (invocation.operation()) {
                case "appendMessage" -> memory.append(scope, text(p, "user"), text(p, "session"),
                        List.of(new NewMessage(text(p.path("message"), "role"), text(p.path("message"), "content"),
                                text(p.path("message"), "name"), p.path("message").get("metadata"), null)),
                        invocation.idempotencyKey());
                case "context" -> memory.context(scope, text(p, "user"), text(p, "session"),
                        new ContextRequest(text(p, "query"), p.path("maxTokens").asInt(2000),
                                p.path("factShare").asDouble(0.25)));
                case "upsertFact" -> memory.remember(scope, text(p, "user"), new NewFact(text(p, "key"),
                        text(p, "text"), p.get("value"), text(p, "category"), "run",
                        invocation.runId() + ":" + invocation.stepId(), null), null);
                case "search" -> memory.search(scope, text(p, "user"), new SearchQuery(text(p, "query"),
                        SearchQuery.Mode.valueOf(p.path("mode").asString("hybrid").toUpperCase(Locale.ROOT)),
                        Set.of("message", "fact"), p.path("limit").asInt(10)));
                default -> throw MemoryException.invalid("/action", "unknown memory action '" + invocation.operation()
                        + "'", "use appendMessage, context, upsertFact or search");
            };
            return StepOutcome.success(json.valueToTree(result));
        } catch (MemoryException refused) {
            return StepOutcome.failure("memory-" + refused.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    refused.getMessage() + (refused.pointer() == null ? "" : " (at " + refused.pointer() + ")"),
                    false);
        } catch (IllegalArgumentException badMode) {
            return StepOutcome.failure("memory-invalid", "mode must be hybrid, fulltext, fuzzy or semantic", false);
        }
    }

    // Scalars are accepted as text (a user id may arrive as a number from an expression).
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }
}
