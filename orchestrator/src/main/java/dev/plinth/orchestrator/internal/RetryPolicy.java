package dev.plinth.orchestrator.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * A step's retry policy: how many attempts, how long between them (fixed or exponential, capped,
 * with full jitter so retries of many runs do not arrive together), which error types retry, and
 * the most time all attempts together may take ({@code maxDuration}, the step's total timeout).
 */
record RetryPolicy(int maxAttempts, boolean exponential, Duration initialDelay, Duration maxDelay, boolean jitter,
        Set<String> retryOn, Duration maxDuration) {

    static final RetryPolicy NONE = new RetryPolicy(1, false, Duration.ZERO, Duration.ZERO, false, Set.of(), null);

    static RetryPolicy of(JsonNode retry) {
        if (retry == null || retry.isMissingNode() || retry.isNull()) {
            return NONE;
        }
        Set<String> retryOn = new java.util.LinkedHashSet<>();
        retry.path("retryOn").forEach(type -> retryOn.add(type.asString()));
        return new RetryPolicy(retry.path("maxAttempts").asInt(3),
                "exponential".equals(retry.path("backoff").asString("exponential")),
                duration(retry.path("initialDelay"), Duration.ofSeconds(1)),
                duration(retry.path("maxDelay"), Duration.ofMinutes(5)),
                retry.path("jitter").asBoolean(true), Set.copyOf(retryOn),
                retry.path("maxDuration").isString() ? Duration.parse(retry.path("maxDuration").asString()) : null);
    }

    boolean retries(int attempt, String errorType, boolean retryable) {
        if (attempt >= maxAttempts) {
            return false;
        }
        return retryOn.isEmpty() ? retryable : retryOn.contains(errorType);
    }

    /** Delay before attempt {@code attempt + 1}. */
    Duration delayAfter(int attempt) {
        long base = initialDelay.toMillis();
        long delay = exponential ? base * (1L << Math.min(20, attempt - 1)) : base;
        delay = Math.min(delay, maxDelay.toMillis());
        if (jitter && delay > 0) {
            delay = ThreadLocalRandom.current().nextLong(delay / 2, delay + 1);
        }
        return Duration.ofMillis(delay);
    }

    private static Duration duration(JsonNode value, Duration fallback) {
        return value.isString() ? Duration.parse(value.asString()) : fallback;
    }
}
