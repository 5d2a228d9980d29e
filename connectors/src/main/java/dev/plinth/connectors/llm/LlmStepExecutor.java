package dev.plinth.connectors.llm;

import com.networknt.schema.Schema;
import dev.plinth.connectors.SecretValues;
import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.connectors.internal.SettingsReader;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code llm} connector's {@code chat} operation: one chat completion against an
 * OpenAI-compatible endpoint, with structured output, tools and token accounting (in the output
 * and in {@value TokenMeter#NAME}).
 */
final class LlmStepExecutor implements StepExecutor {

    private final Supplier<SecretValues> secretValues;
    private final HttpClient http;
    private final JsonMapper json;
    private final TokenMeter tokens;

    LlmStepExecutor(Supplier<SecretValues> secretValues, HttpClient http, JsonMapper json, TokenMeter tokens) {
        this.secretValues = secretValues;
        this.http = http;
        this.json = json;
        this.tokens = tokens;
    }

    @Override
    public String type() {
        return "llm";
    }

    @Override
    public List<SettingProblem> validate(JsonNode connector) {
        SettingsReader reader = new SettingsReader(connector, LlmSettings.KNOWN);
        LlmSettings.read(reader);
        return reader.problems();
    }

    @Override
    public StepOutcome execute(StepInvocation call) {
        SettingsReader reader = new SettingsReader(call.connector(), LlmSettings.KNOWN);
        LlmSettings declared = LlmSettings.read(reader);
        if (!reader.problems().isEmpty()) {
            return StepOutcome.failure("invalid-settings", "The llm connector '" + call.connectorName()
                    + "' is misconfigured: " + reader.summary(), false);
        }
        if (!"chat".equals(call.operation())) {
            return StepOutcome.failure("unsupported-operation", "The llm connector supports the operation 'chat', "
                    + "not '" + call.operation() + "'", false);
        }
        ObjectNode body;
        Schema schema;
        try {
            body = ChatRequest.body(call.parameters(), declared);
            JsonNode responseSchema = call.parameters().path("responseSchema");
            schema = responseSchema.isObject() ? ChatResponse.compile(responseSchema) : null;
        } catch (ChatRequest.InvalidChat | IllegalArgumentException invalid) {
            return StepOutcome.failure("invalid-parameters", invalid.getMessage(), false);
        }
        SecretSettings secrets = SecretSettings.of(secretValues.get(), call);
        try {
            LlmSettings settings = declared.resolve(secrets);
            HttpResponse<String> response = http.send(request(settings, body), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return LlmErrors.outcome(response.statusCode(), response.body(), secrets, json);
            }
            ChatResponse chat = ChatResponse.parse(json.readTree(response.body()), schema, json);
            tokens.record(call.tenantId(), call.app(), ChatRequest.model(call.parameters(), declared), chat.usage());
            return StepOutcome.success(chat.output());
        } catch (SecretSettings.UnresolvedSecret missing) {
            return StepOutcome.failure("secret-missing", missing.getMessage(), false);
        } catch (HttpTimeoutException slow) {
            return StepOutcome.failure("timeout", "The LLM endpoint did not answer within " + declared.timeout(),
                    true);
        } catch (IOException unreachable) {
            return StepOutcome.failure("connection-error", "Could not reach the LLM endpoint: "
                    + secrets.redact(String.valueOf(unreachable.getMessage())), true);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return StepOutcome.failure("connection-error", "Interrupted while waiting for the LLM endpoint", true);
        } catch (JacksonException notJson) {
            return StepOutcome.failure("server-error", "The LLM endpoint answered with something that is not JSON",
                    true);
        } catch (ChatResponse.InvalidOutput invalid) {
            return StepOutcome.failure("invalid-output", invalid.getMessage(), true);
        }
    }

    private HttpRequest request(LlmSettings settings, ObjectNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.chatCompletions())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        return request.build();
    }
}
