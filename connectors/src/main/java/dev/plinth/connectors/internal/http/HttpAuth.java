package dev.plinth.connectors.internal.http;

import java.net.URI;
import java.util.List;

/** How an {@code http} connector authenticates, from its {@code auth} setting. */
sealed interface HttpAuth {

    List<String> TYPES = List.of("api-key", "bearer", "basic", "oauth2-client-credentials");

    /** No authentication. */
    record None() implements HttpAuth {
    }

    /** A key in a header, {@code X-API-Key} unless named. */
    record ApiKey(String header, String key) implements HttpAuth {
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements HttpAuth {
    }

    /** {@code Authorization: Basic base64(username:password)}. */
    record Basic(String username, String password) implements HttpAuth {
    }

    /**
     * OAuth2 client credentials: a token fetched from {@code tokenUrl}, cached until shortly before
     * it expires. The client authenticates with HTTP Basic unless {@code clientAuthentication} is
     * {@code body} (credentials as form fields).
     */
    record OAuth2(URI tokenUrl, String clientId, String clientSecret, String scope, String audience,
            boolean credentialsInBody) implements HttpAuth {
    }

    static HttpAuth read(SettingsReader reader) {
        if (!reader.has("/auth")) {
            return new None();
        }
        if (!reader.node("/auth").isObject()) {
            reader.problem("/auth", "must be an object with a type: one of " + String.join(", ", TYPES));
            return new None();
        }
        String type = reader.requiredString("/auth/type", "the auth type");
        if (type == null) {
            return new None();
        }
        return switch (type) {
            case "api-key" -> new ApiKey(reader.string("/auth/header", "X-API-Key"),
                    reader.requiredString("/auth/apiKey", "apiKey (a ${secret:name} reference)"));
            case "bearer" -> new Bearer(reader.requiredString("/auth/token", "token (a ${secret:name} reference)"));
            case "basic" -> new Basic(reader.requiredString("/auth/username", "username"),
                    reader.requiredString("/auth/password", "password (a ${secret:name} reference)"));
            case "oauth2-client-credentials" -> oauth2(reader);
            default -> {
                reader.problem("/auth/type", "unknown auth type '" + type + "'; use one of " + String.join(", ", TYPES));
                yield new None();
            }
        };
    }

    private static HttpAuth oauth2(SettingsReader reader) {
        String clientAuthentication = reader.string("/auth/clientAuthentication", "basic");
        if (!clientAuthentication.equals("basic") && !clientAuthentication.equals("body")) {
            reader.problem("/auth/clientAuthentication", "must be basic or body");
        }
        return new OAuth2(reader.url("/auth/tokenUrl", true), reader.requiredString("/auth/clientId", "clientId"),
                reader.requiredString("/auth/clientSecret", "clientSecret (a ${secret:name} reference)"),
                reader.string("/auth/scope", null), reader.string("/auth/audience", null),
                clientAuthentication.equals("body"));
    }
}
