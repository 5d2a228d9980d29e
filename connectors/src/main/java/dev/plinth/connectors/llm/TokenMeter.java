package dev.plinth.connectors.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/**
 * Counts tokens as {@code plinth.llm.tokens} by app name, model and kind ({@code prompt} or
 * {@code completion}) — the basis for cost per app and model. The model tag is the model the
 * definition asked for, and only calls the provider answered are counted, so the tag stays bounded
 * by the models a provider actually serves. Each call is also kept in {@link LlmUsageStore}, whose
 * history every instance shares.
 */
final class TokenMeter {

    static final String NAME = "plinth.llm.tokens";

    private final MeterRegistry registry;
    private final LlmUsageStore history;

    TokenMeter(MeterRegistry registry) {
        this(registry, null);
    }

    /** Also records each call in {@code history} (null where there is no database, as in unit tests). */
    TokenMeter(MeterRegistry registry, LlmUsageStore history) {
        this.registry = registry;
        this.history = history;
    }

    void record(UUID tenantId, String app, String model, ChatResponse.Usage usage) {
        count(app, model, "prompt", usage.promptTokens());
        count(app, model, "completion", usage.completionTokens());
        if (history != null) {
            history.record(tenantId, app, model, usage);
        }
    }

    private void count(String app, String model, String kind, long tokens) {
        if (tokens <= 0) {
            return;
        }
        Counter.builder(NAME).description("Tokens used by LLM connector calls").baseUnit("tokens")
                .tag("app", app).tag("model", model).tag("kind", kind)
                .register(registry).increment(tokens);
    }
}
