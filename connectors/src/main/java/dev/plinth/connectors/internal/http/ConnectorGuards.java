package dev.plinth.connectors.internal.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breaker and rate limiter of each connector, per tenant, app and connector name: one
 * app's failing target does not stop another's calls. They live in this instance's memory, so with
 * several instances each trips and limits on its own traffic (a rate limit is per instance). A
 * revision that changes the settings gets fresh ones.
 */
final class ConnectorGuards {

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    Guard of(UUID tenantId, UUID appId, String connector, HttpSettings settings) {
        String key = tenantId + "/" + appId + "/" + connector;
        return guards.compute(key, (k, existing) -> existing != null && existing.fits(settings) ? existing
                : Guard.create(key, settings));
    }

    /** One connector's breaker and, when it has a rate limit, its token bucket. */
    record Guard(CircuitBreaker breaker, Bucket bucket, HttpSettings.CircuitBreakerSettings breakerSettings,
            HttpSettings.RateLimit rateLimit) {

        static Guard create(String name, HttpSettings settings) {
            HttpSettings.CircuitBreakerSettings b = settings.circuitBreaker();
            CircuitBreaker breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(Math.max(b.window(), b.minimumCalls()))
                    .minimumNumberOfCalls(b.minimumCalls())
                    .failureRateThreshold(b.failureRateThreshold())
                    .waitDurationInOpenState(b.openFor())
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .build());
            HttpSettings.RateLimit limit = settings.rateLimit();
            Bucket bucket = limit == null ? null : Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(limit.requests())
                            .refillGreedy(limit.requests(), limit.per()).build())
                    .build();
            return new Guard(breaker, bucket, b, limit);
        }

        boolean fits(HttpSettings settings) {
            return breakerSettings.equals(settings.circuitBreaker()) && java.util.Objects.equals(rateLimit,
                    settings.rateLimit());
        }

        /** Takes a token from the rate limit, waiting up to {@code maxWait}; true at once without a limit. */
        boolean admit(Duration maxWait) throws InterruptedException {
            return bucket == null || bucket.asBlocking().tryConsume(1, maxWait);
        }
    }
}
