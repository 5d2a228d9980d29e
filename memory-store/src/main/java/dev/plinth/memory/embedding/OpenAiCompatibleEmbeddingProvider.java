package dev.plinth.memory.embedding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embeddings from any server that speaks the OpenAI {@code POST /embeddings} API: OpenAI itself,
 * Azure OpenAI, Ollama, vLLM, LocalAI and similar.
 *
 * <p>Sends {@code {"model": ..., "input": [...]}} (plus {@code dimensions} when configured) with a
 * bearer token when an API key is set, at most {@code batchSize} texts per request. Texts longer
 * than the model's window are rejected by most servers (a non-retryable error), not truncated.
 *
 * <p>The vector length is the configured {@code dimensions}, or else learned from the first
 * response; a later response of another length fails, so one store never mixes vector spaces.
 */
public final class OpenAiCompatibleEmbeddingProvider implements EmbeddingProvider {

    static final String NAME = "openai-compatible";
    private static final String PROBE_TEXT = "dimension probe";
    private static final int MAX_DETAIL_LENGTH = 300;

    private final HttpClient http;
    private final URI endpoint;
    private final String host;
    private final String apiKey;
    private final String model;
    private final Integer requestedDimensions;
    private final Duration timeout;
    private final int batchSize;
    private final AtomicInteger knownDimensions = new AtomicInteger();

    /**
     * @param settings endpoint settings; {@code baseUrl} is required
     * @param batchSize most texts per HTTP request
     */
    public OpenAiCompatibleEmbeddingProvider(EmbeddingProperties.OpenAi settings, int batchSize) {
        if (settings.baseUrl() == null) {
            throw new IllegalArgumentException("plinth.memory.embeddings.openai.base-url is required");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        this.endpoint = endpoint(settings.baseUrl());
        this.host = host(endpoint);
        this.apiKey = settings.apiKey();
        this.model = settings.model();
        this.requestedDimensions = settings.dimensions();
        this.timeout = settings.timeout();
        this.batchSize = batchSize;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                // Local servers (Ollama, vLLM) are plain http; the JDK's h2c upgrade attempt on
                // them is a known source of odd failures, and HTTP/2 buys nothing for a few calls.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        if (requestedDimensions != null) {
            knownDimensions.set(requestedDimensions);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The configured or learned length; embeds a short probe text once if neither is known yet. */
    @Override
    public int dimensions() {
        int known = knownDimensions.get();
        if (known == 0) {
            embed(List.of(PROBE_TEXT));
            known = knownDimensions.get();
        }
        return known;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        Texts.requireNonBlank(texts);
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (List<String> batch : Texts.partition(texts, batchSize)) {
            for (float[] vector : OpenAiWire.readVectors(post(batch), batch.size())) {
                checkDimensions(vector.length);
                vectors.add(Vectors.normalise(vector));
            }
        }
        return vectors;
    }

    private String post(List<String> batch) {
        String body = OpenAiWire.write(new OpenAiWire.Request(model, batch, requestedDimensions));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = send(request.build());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new EmbeddingException("embeddings endpoint " + host + " answered HTTP " + status
                    + ": " + detail(response.body()), isRetryable(status));
        }
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new EmbeddingException("embeddings endpoint " + host + " did not answer within "
                    + timeout, true, e);
        } catch (IOException e) {
            throw new EmbeddingException("embeddings endpoint " + host + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while calling embeddings endpoint " + host, false, e);
        }
    }

    private void checkDimensions(int length) {
        int known = knownDimensions.updateAndGet(current -> current == 0 ? length : current);
        if (known != length) {
            // Mixing vector lengths would corrupt similarity search: stop until configuration is fixed.
            throw new EmbeddingException("embeddings endpoint " + host + " returned a vector of "
                    + length + " dimensions, expected " + known + " (model " + model + ")", false);
        }
    }

    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** Error detail with the API key removed: some servers echo the key they rejected. */
    private String detail(String body) {
        String detail = OpenAiWire.errorDetail(body == null ? "" : body);
        if (apiKey != null) {
            detail = detail.replace(apiKey, "***");
        }
        return detail.length() <= MAX_DETAIL_LENGTH ? detail : detail.substring(0, MAX_DETAIL_LENGTH) + "...";
    }

    /** Scheme, host and port only, for messages: user info, paths and queries may carry secrets. */
    private static String host(URI endpoint) {
        int port = endpoint.getPort();
        return endpoint.getScheme() + "://" + endpoint.getHost() + (port == -1 ? "" : ":" + port);
    }

    private static URI endpoint(URI baseUrl) {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + "embeddings" : base + "/embeddings");
    }
}
