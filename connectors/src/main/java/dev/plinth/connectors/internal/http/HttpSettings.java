package dev.plinth.connectors.internal.http;

import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The settings of one {@code http} connector, as declared under {@code spec.connectors}.
 *
 * @param baseUrl        prefix of every step's {@code path}; optional when steps give a full {@code url}
 * @param headers        sent with every request (a step's own headers win)
 * @param auth           how requests are authenticated
 * @param connectTimeout how long connecting may take
 * @param readTimeout    how long waiting for a response may take ({@code timeout} is accepted as its alias)
 * @param retry          retries within one step attempt on 408/429/5xx and connection errors
 * @param rateLimit      the most requests per period this connector sends, or {@code null} for no limit
 * @param circuitBreaker when to stop calling a failing target for a while
 */
record HttpSettings(URI baseUrl, Map<String, String> headers, HttpAuth auth, Duration connectTimeout,
        Duration readTimeout, Retry retry, RateLimit rateLimit, CircuitBreakerSettings circuitBreaker) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param maxAttempts  requests per step attempt, the first included (1 = no retry here)
     * @param maxWait      the longest pause before a retry; a longer {@code Retry-After} ends the attempt as
     *                     a retryable failure, leaving the wait to the step's own retry policy
     * @param initialDelay first pause when the target names none; doubles per retry
     */
    record Retry(int maxAttempts, Duration maxWait, Duration initialDelay) {
    }

    /** At most {@code requests} per {@code per}; a request waits up to the retry's {@code maxWait} for room. */
    record RateLimit(long requests, Duration per) {
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param minimumCalls         calls in the window before the rate is judged
     * @param window               calls the rate is computed over
     * @param openFor              how long the breaker stays open before letting a trial call through
     */
    record CircuitBreakerSettings(int failureRateThreshold, int minimumCalls, int window, Duration openFor) {
    }

    /** Problems with the settings, pointers relative to the connector. */
    static List<SettingProblem> problems(JsonNode connector) {
        List<SettingProblem> problems = new ArrayList<>();
        read(connector, problems);
        return problems;
    }

    static HttpSettings read(JsonNode connector, List<SettingProblem> problems) {
        SettingsReader reader = new SettingsReader(connector, problems);
        URI baseUrl = reader.url("/baseUrl", false);
        Duration readTimeout = reader.has("/readTimeout") ? reader.duration("/readTimeout", DEFAULT_READ_TIMEOUT)
                : reader.duration("/timeout", DEFAULT_READ_TIMEOUT);
        return new HttpSettings(baseUrl, reader.stringMap("/headers"), HttpAuth.read(reader),
                reader.duration("/connectTimeout", DEFAULT_CONNECT_TIMEOUT), readTimeout, retry(reader),
                rateLimit(reader), circuitBreaker(reader));
    }

    private static Retry retry(SettingsReader reader) {
        if (reader.has("/retry") && !reader.node("/retry").isObject()) {
            reader.problem("/retry", "must be an object such as {maxAttempts: 3, maxWait: PT10S}");
        }
        return new Retry((int) reader.positive("/retry/maxAttempts", 3, 10),
                reader.duration("/retry/maxWait", Duration.ofSeconds(10)),
                reader.duration("/retry/initialDelay", Duration.ofMillis(200)));
    }

    private static RateLimit rateLimit(SettingsReader reader) {
        if (!reader.has("/rateLimit")) {
            return null;
        }
        if (!reader.node("/rateLimit").isObject()) {
            reader.problem("/rateLimit", "must be an object such as {requests: 20, per: PT1S}");
            return null;
        }
        if (!reader.has("/rateLimit/requests")) {
            reader.problem("/rateLimit/requests", "requests is required");
        }
        return new RateLimit(reader.positive("/rateLimit/requests", 1, 1_000_000),
                reader.duration("/rateLimit/per", Duration.ofSeconds(1)));
    }

    private static CircuitBreakerSettings circuitBreaker(SettingsReader reader) {
        if (reader.has("/circuitBreaker") && !reader.node("/circuitBreaker").isObject()) {
            reader.problem("/circuitBreaker", "must be an object such as {failureRateThreshold: 50, openFor: PT30S}");
        }
        return new CircuitBreakerSettings((int) reader.positive("/circuitBreaker/failureRateThreshold", 50, 100),
                (int) reader.positive("/circuitBreaker/minimumCalls", 10, 10_000),
                (int) reader.positive("/circuitBreaker/window", 20, 10_000),
                reader.duration("/circuitBreaker/openFor", Duration.ofSeconds(30)));
    }
}
