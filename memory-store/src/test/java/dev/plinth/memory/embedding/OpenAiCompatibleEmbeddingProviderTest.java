package dev.plinth.memory.embedding;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endpoint is a third-party system, so WireMock stands in for it. */
class OpenAiCompatibleEmbeddingProviderTest {

    private static final String API_KEY = "sk-test-0123456789abcdef";
    private static final String PATH = "/v1/embeddings";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Test
    void postsModelAndInputArrayWithBearerToken() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1,0,0]", "[0,1,0]"))));

        provider(API_KEY, null).embed(List.of("first text", "second text"));

        server.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(
                        "{\"model\":\"text-embedding-3-small\",\"input\":[\"first text\",\"second text\"]}")));
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutKey() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1,0]"))));

        provider(null, null).embed(List.of("hello"));

        server.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", absent()));
    }

    @Test
    void ordersVectorsByIndexAndNormalisesThem() {
        server.stubFor(post(PATH).willReturn(okJson("""
                {"object":"list","model":"m","usage":{"prompt_tokens":4,"total_tokens":4},"data":[
                  {"object":"embedding","index":1,"embedding":[0,0,2]},
                  {"object":"embedding","index":0,"embedding":[3,4,0]}
                ]}""")));

        List<float[]> vectors = provider(API_KEY, null).embed(List.of("a", "b"));

        assertThat(vectors.get(0)).containsExactly(new float[] {0.6f, 0.8f, 0f}, within(1e-6f));
        assertThat(vectors.get(1)).containsExactly(new float[] {0f, 0f, 1f}, within(1e-6f));
    }

    @Test
    void splitsLargeInputsIntoBatchesAndKeepsOrder() {
        server.stubFor(post(PATH).withRequestBody(matchingJsonPath("$.input[0]", equalTo("t0")))
                .willReturn(okJson(embeddings("[1,0,0]", "[0,1,0]"))));
        server.stubFor(post(PATH).withRequestBody(matchingJsonPath("$.input[0]", equalTo("t2")))
                .willReturn(okJson(embeddings("[0,0,1]"))));
        OpenAiCompatibleEmbeddingProvider provider =
                new OpenAiCompatibleEmbeddingProvider(settings(API_KEY, null, Duration.ofSeconds(5)), 2);

        List<float[]> vectors = provider.embed(List.of("t0", "t1", "t2"));

        assertThat(vectors).hasSize(3);
        assertThat(vectors.get(0)).containsExactly(1, 0, 0);
        assertThat(vectors.get(1)).containsExactly(0, 1, 0);
        assertThat(vectors.get(2)).containsExactly(0, 0, 1);
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void sendsConfiguredDimensionsAndReportsThemWithoutACall() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1,2]"))));
        OpenAiCompatibleEmbeddingProvider provider = provider(API_KEY, 2);

        assertThat(provider.dimensions()).isEqualTo(2);
        server.verify(0, postRequestedFor(urlEqualTo(PATH)));

        provider.embed(List.of("x"));
        server.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.dimensions", equalTo("2"))));
    }

    @Test
    void learnsDimensionsFromTheFirstResponse() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1,2,3,4]"))));
        OpenAiCompatibleEmbeddingProvider provider = provider(API_KEY, null);

        assertThat(provider.dimensions()).isEqualTo(4);
        assertThat(provider.dimensions()).isEqualTo(4);

        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.dimensions", absent())));
    }

    @Test
    void vectorOfUnexpectedLengthIsNotRetryable() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1,2,3]"))));

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider(API_KEY, 2).embed(List.of("x")))
                .withMessageContaining("3 dimensions, expected 2")
                .satisfies(e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void rateLimitIsRetryable() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(429)
                .withBody("{\"error\":{\"message\":\"Rate limit reached\"}}")));

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider(API_KEY, null).embed(List.of("x")))
                .withMessageContaining("HTTP 429")
                .withMessageContaining("Rate limit reached")
                .satisfies(e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void serverErrorIsRetryable() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider(API_KEY, null).embed(List.of("x")))
                .withMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void rejectedKeyIsNotRetryableAndNeverInTheMessage() {
        // OpenAI-style servers may echo the key they rejected.
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody(
                "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + ".\"}}")));

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider(API_KEY, null).embed(List.of("x")))
                .withMessageContaining("HTTP 401")
                .withMessageContaining("Incorrect API key provided")
                .withMessageNotContaining(API_KEY)
                .satisfies(e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void badRequestIsNotRetryable() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"message\":\"maximum context length is 8192 tokens\"}}")));

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider(API_KEY, null).embed(List.of("x")))
                .withMessageContaining("maximum context length")
                .satisfies(e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void slowServerTimesOutRetryably() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1]")).withFixedDelay(5_000)));
        OpenAiCompatibleEmbeddingProvider provider =
                new OpenAiCompatibleEmbeddingProvider(settings(API_KEY, null, Duration.ofMillis(200)), 32);

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider.embed(List.of("x")))
                .withMessageContaining("did not answer within PT0.2S")
                .satisfies(e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void unreachableServerIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiCompatibleEmbeddingProvider provider = new OpenAiCompatibleEmbeddingProvider(
                new EmbeddingProperties.OpenAi(URI.create("http://127.0.0.1:" + closedPort + "/v1"),
                        API_KEY, null, null, Duration.ofSeconds(2)), 32);

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider.embed(List.of("x")))
                .withMessageContaining("unreachable")
                .withMessageNotContaining(API_KEY)
                .satisfies(e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void malformedOrIncompleteResponsesAreNotRetryable() {
        server.stubFor(post(PATH).withRequestBody(matchingJsonPath("$.input[0]", equalTo("not-json")))
                .willReturn(okJson("{\"data\": [oops")));
        server.stubFor(post(PATH).withRequestBody(matchingJsonPath("$.input[0]", equalTo("too-few")))
                .willReturn(okJson(embeddings("[1,0]"))));
        server.stubFor(post(PATH).withRequestBody(matchingJsonPath("$.input[0]", equalTo("repeated")))
                .willReturn(okJson("{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[1]}]}")));
        OpenAiCompatibleEmbeddingProvider provider = provider(API_KEY, null);

        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider.embed(List.of("not-json")))
                .satisfies(e -> assertThat(e.retryable()).isFalse());
        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider.embed(List.of("too-few", "second")))
                .withMessageContaining("expected 2 embeddings, got 1");
        assertThatExceptionOfType(EmbeddingException.class)
                .isThrownBy(() -> provider.embed(List.of("repeated", "second")))
                .withMessageContaining("repeated");
    }

    @Test
    void blankOrEmptyInputNeverReachesTheServer() {
        OpenAiCompatibleEmbeddingProvider provider = provider(API_KEY, null);

        assertThat(provider.embed(List.of())).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> provider.embed(List.of("")));
        server.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void baseUrlWithTrailingSlashWorks() {
        server.stubFor(post(PATH).willReturn(okJson(embeddings("[1]"))));
        OpenAiCompatibleEmbeddingProvider provider = new OpenAiCompatibleEmbeddingProvider(
                new EmbeddingProperties.OpenAi(URI.create(server.baseUrl() + "/v1/"), null, null, null, null), 32);

        assertThat(provider.embed(List.of("x"))).hasSize(1);
    }

    private OpenAiCompatibleEmbeddingProvider provider(String apiKey, Integer dimensions) {
        return new OpenAiCompatibleEmbeddingProvider(settings(apiKey, dimensions, Duration.ofSeconds(5)), 32);
    }

    private EmbeddingProperties.OpenAi settings(String apiKey, Integer dimensions, Duration timeout) {
        return new EmbeddingProperties.OpenAi(
                URI.create(server.baseUrl() + "/v1"), apiKey, null, dimensions, timeout);
    }

    /** An OpenAI-shaped response with the given vectors at index 0, 1, ... */
    private static String embeddings(String... vectors) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < vectors.length; i++) {
            data.append(i == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":").append(vectors[i]).append('}');
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"m\"}";
    }
}
