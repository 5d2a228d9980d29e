package dev.plinth.connectors.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code http} connector against a simulated third-party API (WireMock). */
class HttpExecutorTest {

    static final WireMockServer target = new WireMockServer(options().dynamicPort());

    HttpConnectorFixture fixture;

    @BeforeAll
    static void start() {
        target.start();
    }

    @AfterAll
    static void stop() {
        target.stop();
    }

    @BeforeEach
    void reset() {
        target.resetAll();
        fixture = new HttpConnectorFixture(target);
    }

    @Test
    void anApiKeyIsSentInItsHeaderAndTheJsonResponseBecomesTheOutput() {
        fixture.secrets.put("crm-key", "key-123");
        target.stubFor(get(urlPathEqualTo("/customers/42")).withHeader("X-Api-Key", equalTo("key-123"))
                .willReturn(okJson("{\"id\":42,\"name\":\"Ada\"}").withHeader("X-Trace", "t-1")));
        JsonNode connector = fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"api-key","header":"X-Api-Key","apiKey":"${secret:crm-key}"}}""");

        StepOutcome outcome = fixture.call(connector, "request",
                "{\"method\":\"GET\",\"path\":\"/customers/{id}\",\"pathParams\":{\"id\":\"42\"}}");

        assertThat(outcome.succeeded()).as(String.valueOf(outcome)).isTrue();
        assertThat(outcome.output().path("status").asInt()).isEqualTo(200);
        assertThat(outcome.output().at("/body/name").asString()).isEqualTo("Ada");
        assertThat(outcome.output().at("/headers/x-trace").asString()).isEqualTo("t-1");
    }

    @Test
    void aBearerTokenIsSentAsAuthorization() {
        fixture.secrets.put("api-token", "tok-abc");
        target.stubFor(get(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer tok-abc"))
                .willReturn(okJson("{\"me\":true}")));

        StepOutcome outcome = fixture.call(fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"bearer","token":"${secret:api-token}"}}"""), "get",
                "{\"path\":\"/me\"}");

        assertThat(outcome.output().at("/body/me").asBoolean()).as(String.valueOf(outcome)).isTrue();
    }

    @Test
    void basicCredentialsAreSentAsAuthorization() {
        fixture.secrets.put("svc-password", "p@ss:word");
        target.stubFor(get(urlEqualTo("/basic")).withBasicAuth("svc", "p@ss:word").willReturn(okJson("{}")));

        StepOutcome outcome = fixture.call(fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"basic","username":"svc","password":"${secret:svc-password}"}}"""),
                "get", "{\"path\":\"/basic\"}");

        assertThat(outcome.output().path("status").asInt()).as(String.valueOf(outcome)).isEqualTo(200);
    }

    @Test
    void anOAuth2TokenIsFetchedOnceCachedAndFetchedAgainAfterItExpires() {
        fixture.secrets.put("client-secret", "s3cret");
        target.stubFor(post(urlEqualTo("/oauth/token")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second").willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":3600}")));
        target.stubFor(post(urlEqualTo("/oauth/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"tok-2\",\"expires_in\":3600}")));
        target.stubFor(get(urlEqualTo("/data")).withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(okJson("{\"token\":1}")));
        target.stubFor(get(urlEqualTo("/data")).withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(okJson("{\"token\":2}")));
        JsonNode connector = fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"oauth2-client-credentials","tokenUrl":"%s/oauth/token",
                 "clientId":"plinth","clientSecret":"${secret:client-secret}","scope":"read"}}""");

        assertThat(fixture.call(connector, "get", "{\"path\":\"/data\"}").output().at("/body/token").asInt()).isEqualTo(1);
        assertThat(fixture.call(connector, "get", "{\"path\":\"/data\"}").output().at("/body/token").asInt()).isEqualTo(1);
        target.verify(1, postRequestedFor(urlEqualTo("/oauth/token"))
                .withHeader("Authorization", equalTo("Basic " + OAuth2Tokens.basic("plinth:s3cret")))
                .withRequestBody(equalTo("grant_type=client_credentials&scope=read")));

        fixture.clock.advance(Duration.ofSeconds(3600));
        assertThat(fixture.call(connector, "get", "{\"path\":\"/data\"}").output().at("/body/token").asInt()).isEqualTo(2);
        target.verify(2, postRequestedFor(urlEqualTo("/oauth/token")));
    }

    @Test
    void aTokenTheTargetRejectsIsFetchedAgainOnce() {
        fixture.secrets.put("client-secret", "s3cret");
        target.stubFor(post(urlEqualTo("/oauth/token")).inScenario("revoked").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("renewed").willReturn(okJson("{\"access_token\":\"revoked\",\"expires_in\":3600}")));
        target.stubFor(post(urlEqualTo("/oauth/token")).inScenario("revoked").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"access_token\":\"fresh\",\"expires_in\":3600}")));
        target.stubFor(get(urlEqualTo("/data")).withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401)));
        target.stubFor(get(urlEqualTo("/data")).withHeader("Authorization", equalTo("Bearer fresh"))
                .willReturn(okJson("{\"ok\":true}")));

        StepOutcome outcome = fixture.call(fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"oauth2-client-credentials","tokenUrl":"%s/oauth/token",
                 "clientId":"plinth","clientSecret":"${secret:client-secret}","clientAuthentication":"body"}}"""),
                "get", "{\"path\":\"/data\"}");

        assertThat(outcome.output().at("/body/ok").asBoolean()).as(String.valueOf(outcome)).isTrue();
        target.verify(2, postRequestedFor(urlEqualTo("/oauth/token")).withRequestBody(containing("client_id=plinth")));
        assertThat(fixture.waits).isEmpty();
    }

    @Test
    void a503IsRetriedAfterWhatRetryAfterAsksWithTheSameIdempotencyKey() {
        target.stubFor(post(urlEqualTo("/orders")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ready").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));
        target.stubFor(post(urlEqualTo("/orders")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(okJson("{\"created\":true}").withStatus(201)));
        JsonNode connector = fixture.connector("{\"type\":\"http\",\"baseUrl\":\"%s\",\"retry\":{\"maxAttempts\":3}}");
        StepInvocation invocation = fixture.invocation(connector, "post", "{\"path\":\"/orders\",\"body\":{\"sku\":\"A\"}}", 1);

        StepOutcome outcome = fixture.executor.execute(invocation);

        assertThat(outcome.output().path("status").asInt()).as(String.valueOf(outcome)).isEqualTo(201);
        assertThat(fixture.waits).containsExactly(Duration.ofSeconds(2));
        var requests = target.findAll(postRequestedFor(urlEqualTo("/orders")));
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.getHeader("Idempotency-Key")).isEqualTo(invocation.idempotencyKey());
            assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(request.getBodyAsString()).isEqualTo("{\"sku\":\"A\"}");
        });
    }

    @Test
    void aRetryAfterLongerThanMaxWaitEndsTheAttemptRetryably() {
        target.stubFor(get(urlEqualTo("/slow-down")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        StepOutcome outcome = fixture.call(fixture.connector(
                "{\"type\":\"http\",\"baseUrl\":\"%s\",\"retry\":{\"maxAttempts\":3,\"maxWait\":\"PT10S\"}}"),
                "get", "{\"path\":\"/slow-down\"}");

        assertThat(outcome.errorType()).isEqualTo("http-429");
        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.errorMessage()).contains("retry after 120 s");
        target.verify(1, getRequestedFor(urlEqualTo("/slow-down")));
    }

    @Test
    void aClientErrorIsNotRetried() {
        target.stubFor(get(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404).withBody("no such thing")));

        StepOutcome outcome = fixture.call(fixture.connector("{\"type\":\"http\",\"baseUrl\":\"%s\"}"), "get",
                "{\"path\":\"/missing\"}");

        assertThat(outcome.errorType()).isEqualTo("http-404");
        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.errorMessage()).isEqualTo("GET " + target.baseUrl() + "/missing answered 404: no such thing");
        target.verify(1, getRequestedFor(urlEqualTo("/missing")));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndStopsCallingTheTarget() {
        target.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
        JsonNode connector = fixture.connector("""
                {"type":"http","baseUrl":"%s","retry":{"maxAttempts":1},
                 "circuitBreaker":{"minimumCalls":2,"window":2,"failureRateThreshold":50,"openFor":"PT1H"}}""");

        List<String> errors = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> fixture.call(connector, "get", "{\"path\":\"/down\"}").errorType()).toList();

        assertThat(errors).containsExactly("http-500", "http-500", "circuit-open", "circuit-open");
        target.verify(2, getRequestedFor(urlEqualTo("/down")));
    }

    @Test
    void aSlowResponseTimesOut() {
        target.stubFor(get(urlEqualTo("/slow")).willReturn(okJson("{}").withFixedDelay(3000)));

        StepOutcome outcome = fixture.call(fixture.connector(
                "{\"type\":\"http\",\"baseUrl\":\"%s\",\"timeout\":\"PT0.2S\",\"retry\":{\"maxAttempts\":1}}"),
                "get", "{\"path\":\"/slow\"}");

        assertThat(outcome.errorType()).isEqualTo("timeout");
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void anUnreachableTargetIsAConnectionErrorRetriedWithBackoff() {
        JsonNode connector = HttpConnectorFixture.JSON.readTree("""
                {"type":"http","baseUrl":"http://127.0.0.1:1","retry":{"maxAttempts":3,"initialDelay":"PT0.1S"}}""");

        StepOutcome outcome = fixture.call(connector, "get", "{\"path\":\"/x\"}");

        assertThat(outcome.errorType()).isEqualTo("connection-error");
        assertThat(outcome.retryable()).isTrue();
        assertThat(fixture.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void theRateLimitRefusesARequestThatWouldWaitLongerThanMaxWait() {
        target.stubFor(get(urlEqualTo("/limited")).willReturn(okJson("{}")));
        JsonNode connector = fixture.connector("""
                {"type":"http","baseUrl":"%s","rateLimit":{"requests":1,"per":"PT1H"},"retry":{"maxWait":"PT0.1S"}}""");

        assertThat(fixture.call(connector, "get", "{\"path\":\"/limited\"}").succeeded()).isTrue();
        StepOutcome limited = fixture.call(connector, "get", "{\"path\":\"/limited\"}");

        assertThat(limited.errorType()).isEqualTo("rate-limited");
        target.verify(1, getRequestedFor(urlEqualTo("/limited")));
    }

    @Test
    void queryFormAndTextBodiesAreEncoded() {
        target.stubFor(post(urlPathEqualTo("/search")).willReturn(okJson("{}")));
        JsonNode connector = fixture.connector("{\"type\":\"http\",\"baseUrl\":\"%s/\",\"headers\":{\"X-App\":\"plinth\"}}");

        fixture.call(connector, "request", """
                {"method":"post","path":"/search","query":{"q":"a b&c","tag":["x","y"]},"form":{"name":"Ada L"}}""");

        target.verify(postRequestedFor(urlEqualTo("/search?q=a+b%26c&tag=x&tag=y"))
                .withHeader("X-App", equalTo("plinth"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("name=Ada+L")));
    }

    @Test
    void aMissingSecretFailsTheStepNamingTheSecret() {
        StepOutcome outcome = fixture.call(fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"bearer","token":"${secret:nowhere}"}}"""), "get", "{}");

        assertThat(outcome.errorType()).isEqualTo("secret-missing");
        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.errorMessage()).contains("'nowhere'");
    }

    @Test
    void aTargetEchoingTheCredentialHasItRedactedFromOutputAndErrors() {
        fixture.secrets.put("echoed", "very-secret-value");
        target.stubFor(get(urlEqualTo("/echo")).willReturn(okJson("{\"seen\":\"Bearer very-secret-value\"}")
                .withHeader("X-Echo", "very-secret-value")));
        target.stubFor(get(urlEqualTo("/fail")).willReturn(aResponse().withStatus(400).withBody("bad token very-secret-value")));
        JsonNode connector = fixture.connector("""
                {"type":"http","baseUrl":"%s","auth":{"type":"bearer","token":"${secret:echoed}"}}""");

        StepOutcome echoed = fixture.call(connector, "get", "{\"path\":\"/echo\"}");
        StepOutcome failed = fixture.call(connector, "get", "{\"path\":\"/fail\"}");

        assertThat(echoed.output().toString()).doesNotContain("very-secret-value").contains("Bearer [redacted]");
        assertThat(failed.errorMessage()).doesNotContain("very-secret-value").endsWith("bad token [redacted]");
    }

    @Test
    void aJsonBodyIsSentAndANonJsonResponseIsText() {
        target.stubFor(post(urlEqualTo("/notes")).withRequestBody(equalToJson("{\"text\":\"hi\",\"n\":1}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("stored")));

        StepOutcome outcome = fixture.call(fixture.connector("{\"type\":\"http\"}"), "request", """
                {"method":"POST","url":"%s/notes","body":{"text":"hi","n":1}}""".replace("%s", target.baseUrl()));

        assertThat(outcome.output().path("body").asString()).as(String.valueOf(outcome)).isEqualTo("stored");
    }
}
