package dev.plinth.connectors.internal.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens of OAuth2 client-credentials connectors: fetched on first use, cached (per tenant
 * and client, in memory) until shortly before they expire, fetched again after that or when the
 * target rejects one with 401.
 */
final class OAuth2Tokens {

    /** Refresh this long before the token expires, so it does not expire in flight. */
    static final Duration EARLY_REFRESH = Duration.ofSeconds(30);
    /** Lifetime assumed when the token response has no {@code expires_in}. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final HttpClients clients;
    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    OAuth2Tokens(HttpClients clients, Clock clock, JsonMapper json) {
        this.clients = clients;
        this.clock = clock;
        this.json = json;
    }

    /** A valid access token, from the cache or freshly fetched. */
    String token(UUID tenantId, HttpAuth.OAuth2 auth, HttpSettings settings) {
        return cache.compute(key(tenantId, auth), (key, cached) -> cached != null
                && clock.instant().isBefore(cached.expiresAt().minus(EARLY_REFRESH)) ? cached
                : fetch(auth, settings)).value();
    }

    /** Forgets a token the target refused, unless another thread already replaced it. */
    void reject(UUID tenantId, HttpAuth.OAuth2 auth, String token) {
        cache.computeIfPresent(key(tenantId, auth), (key, cached) -> cached.value().equals(token) ? null : cached);
    }

    private Token fetch(HttpAuth.OAuth2 auth, HttpSettings settings) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (auth.scope() != null) {
            form.put("scope", auth.scope());
        }
        if (auth.audience() != null) {
            form.put("audience", auth.audience());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(auth.tokenUrl()).timeout(settings.readTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (auth.credentialsInBody()) {
            form.put("client_id", auth.clientId());
            form.put("client_secret", auth.clientSecret());
        } else {
            request.header("Authorization", "Basic " + basic(form(auth.clientId()) + ":" + form(auth.clientSecret())));
        }
        String body = form.entrySet().stream().map(e -> form(e.getKey()) + "=" + form(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = clients.of(settings.connectTimeout()).send(request.POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new TokenFailure("the token endpoint " + origin(auth.tokenUrl()) + " could not be reached ("
                    + failure.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TokenFailure("interrupted while fetching an access token", true);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new TokenFailure("the token endpoint " + origin(auth.tokenUrl()) + " answered " + status,
                    status == 408 || status == 429 || status >= 500);
        }
        JsonNode token;
        try {
            token = json.readTree(response.body());
        } catch (JacksonException notJson) {
            // The parser's message would quote the answer, which may hold a token.
            throw new TokenFailure("the token endpoint's answer is not JSON", false);
        }
        String accessToken = token.path("access_token").asString(null);
        if (accessToken == null || accessToken.isEmpty()) {
            throw new TokenFailure("the token endpoint's answer has no access_token", false);
        }
        Duration lifetime = token.path("expires_in").canConvertToLong()
                ? Duration.ofSeconds(token.path("expires_in").asLong()) : DEFAULT_LIFETIME;
        return new Token(accessToken, clock.instant().plus(lifetime));
    }

    static String basic(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    // The secret is part of the key (hashed), so a rotated client secret is never served an old token.
    private static String key(UUID tenantId, HttpAuth.OAuth2 auth) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String material = String.join("\n", auth.tokenUrl().toString(), auth.clientId(), auth.clientSecret(),
                    String.valueOf(auth.scope()), String.valueOf(auth.audience()));
            return tenantId + "/" + HexFormat.of().formatHex(sha256.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private record Token(String value, Instant expiresAt) {
    }

    /** Fetching a token failed; the message names the endpoint, never a credential. */
    static final class TokenFailure extends RuntimeException {

        private final boolean retryable;

        TokenFailure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }
}
