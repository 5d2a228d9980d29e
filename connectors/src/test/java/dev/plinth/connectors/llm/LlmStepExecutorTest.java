package dev.plinth.connectors.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The llm connector against an OpenAI-compatible endpoint, simulated by WireMock (a third-party system). */
class LlmStepExecutorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String API_KEY = "sk-test-9f8e7d6c5b4a";
    private static final String PATH = "/v1/chat/completions";
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID APP = UUID.randomUUID();

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LlmStepExecutor executor = new LlmStepExecutor(
            () -> (tenant, name, environment) -> tenant.equals(TENANT) && name.equals("llm-key") ? Optional.of(API_KEY)
                    : Optional.empty(),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), JSON, new TokenMeter(registry));

    @Test
    void structuredOutputIsRequestedParsedAndItsTokensCounted() {
        server.stubFor(post(PATH).willReturn(okJson(completion(
                "{\\\"reply\\\": \\\"Your refund is on its way.\\\", \\\"intent\\\": \\\"refund\\\"}", "stop", 120, 30))));

        StepOutcome outcome = call(connector().put("temperature", 0.2).put("maxTokens", 300), """
                {"system": "You are a support agent.", "prompt": "Where is my refund?",
                 "responseSchema": {"type": "object", "required": ["reply", "intent"],
                   "properties": {"reply": {"type": "string"}, "intent": {"enum": ["refund", "question"]}}}}""");

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.errorMessage())).isTrue();
        assertThat(outcome.output().path("json").path("intent").asString()).isEqualTo("refund");
        assertThat(outcome.output().path("json").path("reply").asString()).isEqualTo("Your refund is on its way.");
        assertThat(outcome.output().path("finishReason").asString()).isEqualTo("stop");
        assertThat(outcome.output().path("model").asString()).isEqualTo("small-chat-model-2025");
        assertThat(outcome.output().path("usage").path("promptTokens").asLong()).isEqualTo(120);
        assertThat(outcome.output().path("usage").path("completionTokens").asLong()).isEqualTo(30);
        assertThat(outcome.output().path("usage").path("totalTokens").asLong()).isEqualTo(150);
        server.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withRequestBody(equalToJson("""
                        {"model": "small-chat-model", "temperature": 0.2, "max_tokens": 300,
                         "messages": [{"role": "system", "content": "You are a support agent."},
                                      {"role": "user", "content": "Where is my refund?"}],
                         "response_format": {"type": "json_schema", "json_schema": {"name": "response",
                           "schema": {"type": "object", "required": ["reply", "intent"],
                             "properties": {"reply": {"type": "string"}, "intent": {"enum": ["refund", "question"]}}}}}}""")));
        assertThat(tokens("prompt")).isEqualTo(120);
        assertThat(tokens("completion")).isEqualTo(30);
    }

    @Test
    void tokensAccumulatePerAppAndModel() {
        server.stubFor(post(PATH).willReturn(okJson(completion("Hi!", "stop", 10, 2))));

        call(connector(), "{\"prompt\": \"Hello\"}");
        call(connector(), "{\"prompt\": \"Hello again\"}");

        assertThat(tokens("prompt")).isEqualTo(20);
        assertThat(tokens("completion")).isEqualTo(4);
    }

    @Test
    void toolDefinitionsAreSentAndToolCallsReturnedWithParsedArguments() {
        server.stubFor(post(PATH).willReturn(okJson("""
                {"model": "m", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
                  "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                  "function": {"name": "lookup_order", "arguments": "{\\"orderId\\": \\"A-7\\"}"}}]}}],
                 "usage": {"prompt_tokens": 50, "completion_tokens": 12, "total_tokens": 62}}""")));

        StepOutcome outcome = call(connector(), """
                {"messages": [{"role": "user", "content": "Where is order A-7?"}],
                 "tools": [{"name": "lookup_order", "description": "Finds an order",
                            "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}}}]}""");

        assertThat(outcome.output().path("toolCalls").path(0).path("name").asString()).isEqualTo("lookup_order");
        assertThat(outcome.output().path("toolCalls").path(0).path("arguments").path("orderId").asString())
                .isEqualTo("A-7");
        assertThat(outcome.output().path("content").isNull()).isTrue();
        assertThat(outcome.output().path("finishReason").asString()).isEqualTo("tool_calls");
        server.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"tools": [{"type": "function", "function": {"name": "lookup_order", "description": "Finds an order",
                  "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}}}}]}""", true, true)));
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryable() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                .withBody("{\"error\": {\"message\": \"Rate limit reached for requests\"}}")));
        StepOutcome limited = call(connector(), "{\"prompt\": \"Hi\"}");

        server.stubFor(post(PATH).willReturn(aResponse().withStatus(503).withBody("upstream overloaded")));
        StepOutcome unavailable = call(connector(), "{\"prompt\": \"Hi\"}");

        assertThat(limited.errorType()).isEqualTo("rate-limited");
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.errorMessage()).contains("Rate limit reached");
        assertThat(unavailable.errorType()).isEqualTo("server-error");
        assertThat(unavailable.retryable()).isTrue();
        assertThat(registry.find(TokenMeter.NAME).counters()).isEmpty();
    }

    @Test
    void clientErrorsAreNotRetryableAndNeverShowTheApiKey() {
        // Some providers echo the (partial or whole) key they refused.
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody(
                "{\"error\": {\"message\": \"Incorrect API key provided: " + API_KEY + "\"}}")));
        StepOutcome refused = call(connector(), "{\"prompt\": \"Hi\"}");

        server.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\": {\"message\": \"The model 'nope' does not exist\"}}")));
        StepOutcome badModel = call(connector(), "{\"prompt\": \"Hi\", \"model\": \"nope\"}");

        assertThat(refused.errorType()).isEqualTo("llm-error");
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.errorMessage()).contains("Incorrect API key").doesNotContain(API_KEY);
        assertThat(badModel.errorType()).isEqualTo("llm-error");
        assertThat(badModel.retryable()).isFalse();
        assertThat(badModel.errorMessage()).contains("does not exist");
    }

    @Test
    void anAnswerOffTheResponseSchemaFailsRetryably() {
        server.stubFor(post(PATH).willReturn(okJson(completion("{\\\"intent\\\": \\\"banana\\\"}", "stop", 5, 5))));

        StepOutcome outcome = call(connector(), """
                {"prompt": "Classify", "responseSchema": {"type": "object", "required": ["intent"],
                  "properties": {"intent": {"enum": ["refund", "question"]}}}}""");

        assertThat(outcome.errorType()).isEqualTo("invalid-output");
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void aSlowEndpointTimesOutRetryably() {
        server.stubFor(post(PATH).willReturn(okJson(completion("late", "stop", 1, 1)).withFixedDelay(3_000)));

        StepOutcome outcome = call(connector().put("timeout", "PT1S"), "{\"prompt\": \"Hi\"}");

        assertThat(outcome.errorType()).isEqualTo("timeout");
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void mistakesInTheStepAreReportedBeforeAnyCall() {
        StepOutcome both = call(connector(), "{\"prompt\": \"Hi\", \"messages\": []}");
        StepOutcome unknown = call(connector(), "{\"prompt\": \"Hi\", \"orders\": []}");
        StepOutcome badSchema = call(connector(), "{\"prompt\": \"Hi\", \"responseSchema\": {\"type\": 5}}");
        StepOutcome noSecret = call(connector().put("apiKey", "${secret:other-key}"), "{\"prompt\": \"Hi\"}");

        assertThat(both.errorType()).isEqualTo("invalid-parameters");
        assertThat(unknown.errorType()).isEqualTo("invalid-parameters");
        assertThat(unknown.errorMessage()).contains("with.orders");
        assertThat(badSchema.errorType()).isEqualTo("invalid-parameters");
        assertThat(noSecret.errorType()).isEqualTo("secret-missing");
        server.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void validationPointsAtEachBadSetting() {
        ObjectNode bad = JSON.createObjectNode().put("type", "llm").put("baseUrl", "llm.example.com")
                .put("temperature", 3).put("maxTokens", -1).put("timeout", "1m");

        assertThat(executor.validate(bad)).extracting(SettingProblem::pointer)
                .containsExactlyInAnyOrder("/baseUrl", "/model", "/temperature", "/maxTokens", "/timeout");
        assertThat(executor.validate(connector())).isEmpty();
    }

    private ObjectNode connector() {
        return JSON.createObjectNode().put("type", "llm").put("baseUrl", server.baseUrl() + "/v1")
                .put("apiKey", "${secret:llm-key}").put("model", "small-chat-model");
    }

    private StepOutcome call(ObjectNode connector, String with) {
        UUID run = UUID.randomUUID();
        return executor.execute(new StepInvocation(TENANT, APP, run, "draft", 1, run + ":draft", "llm", connector,
                "chat", JSON.readTree(with)));
    }

    private double tokens(String kind) {
        return registry.get(TokenMeter.NAME).tag("app", APP.toString()).tag("model", "small-chat-model")
                .tag("kind", kind).counter().count();
    }

    private static String completion(String content, String finishReason, int prompt, int completionTokens) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "small-chat-model-2025",
                 "choices": [{"index": 0, "finish_reason": "%s", "message": {"role": "assistant", "content": "%s"}}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}"""
                .formatted(finishReason, content, prompt, completionTokens, prompt + completionTokens);
    }
}
