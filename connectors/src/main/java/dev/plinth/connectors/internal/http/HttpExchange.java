package dev.plinth.connectors.internal.http;

import dev.plinth.connectors.Redactor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One step attempt's conversation with the target: rate limit, circuit breaker, authentication,
 * the request, and retries on 408/429/5xx, timeouts and connection errors (waiting what
 * {@code Retry-After} asks, or doubling from {@code initialDelay}, never longer than
 * {@code maxWait}). Every request carries the step's {@code Idempotency-Key}, the same on each
 * retry, so the target can recognise repeats.
 */
final class HttpExchange {

    private final HttpClients clients;
    private final OAuth2Tokens tokens;
    private final HttpResponses responses;
    private final Pause pause;

    HttpExchange(HttpClients clients, OAuth2Tokens tokens, HttpResponses responses, Pause pause) {
        this.clients = clients;
        this.tokens = tokens;
        this.responses = responses;
        this.pause = pause;
    }

    StepOutcome run(StepInvocation invocation, HttpSettings settings, HttpRequestSpec spec,
            ConnectorGuards.Guard guard, Redactor redactor) throws InterruptedException {
        HttpSettings.Retry retry = settings.retry();
        boolean reauthenticated = false;
        for (int request = 1; ; request++) {
            if (!guard.breaker().tryAcquirePermission()) {
                return StepOutcome.failure("circuit-open", "The circuit breaker of connector '"
                        + invocation.connectorName() + "' is open after repeated failures; calls resume after "
                        + settings.circuitBreaker().openFor(), true);
            }
            if (!guard.admit(retry.maxWait())) {
                guard.breaker().releasePermission();
                return StepOutcome.failure("rate-limited", "Connector '" + invocation.connectorName()
                        + "' reached its rate limit of " + settings.rateLimit().requests() + " per "
                        + settings.rateLimit().per(), true);
            }
            long started = System.nanoTime();
            Attempt attempt = send(invocation, settings, spec, redactor);
            long elapsed = System.nanoTime() - started;
            if (attempt.unauthorizedOAuth2() && !reauthenticated) {
                // The token may have been revoked early: fetch a new one and repeat, once.
                guard.breaker().onSuccess(elapsed, TimeUnit.NANOSECONDS);
                tokens.reject(invocation.tenantId(), (HttpAuth.OAuth2) settings.auth(), attempt.token());
                reauthenticated = true;
                request--;
                continue;
            }
            if (attempt.outcome().succeeded() || !attempt.countsAgainstTarget()) {
                guard.breaker().onSuccess(elapsed, TimeUnit.NANOSECONDS);
            } else {
                guard.breaker().onError(elapsed, TimeUnit.NANOSECONDS, new TargetFailure(attempt.outcome().errorType()));
            }
            if (attempt.outcome().succeeded() || !attempt.outcome().retryable() || request >= retry.maxAttempts()) {
                return attempt.outcome();
            }
            Duration wait = attempt.retryAfter() != null ? attempt.retryAfter()
                    : backoff(retry.initialDelay(), request);
            if (wait.compareTo(retry.maxWait()) > 0) {
                if (attempt.retryAfter() == null) {
                    wait = retry.maxWait();
                } else {
                    return StepOutcome.failure(attempt.outcome().errorType(), attempt.outcome().errorMessage()
                            + " (the target asked to retry after " + wait.toSeconds() + " s, longer than maxWait "
                            + retry.maxWait() + ")", true);
                }
            }
            pause.pause(wait);
        }
    }

    private Attempt send(StepInvocation invocation, HttpSettings settings, HttpRequestSpec spec, Redactor redactor)
            throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(spec.uri()).timeout(settings.readTimeout())
                .method(spec.method(), spec.publisher());
        spec.headers().forEach(builder::setHeader);
        if (spec.contentType() != null && spec.headers().keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            builder.setHeader("Content-Type", spec.contentType());
        }
        builder.setHeader("Idempotency-Key", invocation.idempotencyKey());
        String token;
        try {
            token = authenticate(builder, invocation, settings.auth(), settings, redactor);
        } catch (OAuth2Tokens.TokenFailure failure) {
            return Attempt.of(StepOutcome.failure("auth-failed", "Could not obtain an access token: "
                    + failure.getMessage(), failure.retryable()), failure.retryable());
        }
        try {
            HttpResponse<InputStream> response = clients.of(settings.connectTimeout()).send(builder.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String body = HttpResponses.body(response);
            int status = response.statusCode();
            if (status < 400) {
                return Attempt.of(StepOutcome.success(responses.output(response, body)), false);
            }
            boolean retryable = status == 408 || status == 429 || status >= 500;
            StepOutcome failure = StepOutcome.failure("http-" + status, spec.describe() + " answered " + status
                    + HttpResponses.excerpt(body), retryable);
            return new Attempt(failure, retryable, retryable ? responses.retryAfter(response).orElse(null) : null,
                    status == 401 && settings.auth() instanceof HttpAuth.OAuth2, token);
        } catch (HttpResponses.ResponseTooLarge tooLarge) {
            return Attempt.of(StepOutcome.failure("response-too-large", spec.describe() + ": " + tooLarge.getMessage(),
                    false), false);
        } catch (HttpTimeoutException timeout) {
            return Attempt.of(StepOutcome.failure("timeout", spec.describe() + " timed out (connect timeout "
                    + settings.connectTimeout() + ", read timeout " + settings.readTimeout() + ")", true), true);
        } catch (IOException | IllegalArgumentException unreachable) {
            boolean badHeader = unreachable instanceof IllegalArgumentException;
            return Attempt.of(StepOutcome.failure(badHeader ? "invalid-request" : "connection-error", spec.describe()
                    + (badHeader ? " could not be built: " : " failed: ") + unreachable.getClass().getSimpleName()
                    + (unreachable.getMessage() == null ? "" : " " + unreachable.getMessage()), !badHeader), !badHeader);
        }
    }

    /** Adds the auth header; returns the OAuth2 token used, if any. */
    private String authenticate(HttpRequest.Builder builder, StepInvocation invocation, HttpAuth auth,
            HttpSettings settings, Redactor redactor) {
        if (auth instanceof HttpAuth.ApiKey key) {
            builder.setHeader(key.header(), key.key());
        } else if (auth instanceof HttpAuth.Bearer bearer) {
            builder.setHeader("Authorization", "Bearer " + bearer.token());
        } else if (auth instanceof HttpAuth.Basic basic) {
            String credential = OAuth2Tokens.basic(basic.username() + ":" + basic.password());
            redactor.add(credential);
            builder.setHeader("Authorization", "Basic " + credential);
        } else if (auth instanceof HttpAuth.OAuth2 oauth2) {
            String token = tokens.token(invocation.tenantId(), oauth2, settings);
            redactor.add(token);
            builder.setHeader("Authorization", "Bearer " + token);
            return token;
        }
        return null;
    }

    private static Duration backoff(Duration initial, int request) {
        return initial.multipliedBy(1L << Math.min(16, request - 1));
    }

    /**
     * One request's result.
     *
     * @param countsAgainstTarget whether the circuit breaker records it as the target's failure
     *                            (5xx, 408, 429, timeouts, connection errors; not the caller's 4xx)
     */
    private record Attempt(StepOutcome outcome, boolean countsAgainstTarget, Duration retryAfter,
            boolean unauthorizedOAuth2, String token) {

        static Attempt of(StepOutcome outcome, boolean countsAgainstTarget) {
            return new Attempt(outcome, countsAgainstTarget, null, false, null);
        }
    }

    /** What the circuit breaker records for a failed call. */
    private static final class TargetFailure extends RuntimeException {
        TargetFailure(String type) {
            super(type, null, false, false);
        }
    }
}
