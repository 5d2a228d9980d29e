package dev.plinth.connectors.internal.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The request a step asks for, from its {@code operation} and {@code with}: {@code method}
 * ({@code GET} unless the operation names one), {@code path} under the connector's
 * {@code baseUrl} or a full {@code url}, {@code {name}} segments filled from
 * {@code pathParams}, {@code query}, {@code headers}, and one body: {@code body} (sent as JSON),
 * {@code form} (URL-encoded) or {@code text} (plain text).
 */
record HttpRequestSpec(String method, URI uri, Map<String, String> headers, String contentType, String body) {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    static HttpRequestSpec of(String operation, JsonNode with, HttpSettings settings) {
        JsonNode parameters = with == null || with.isMissingNode() || with.isNull() ? tools.jackson.databind.node
                .JsonNodeFactory.instance.objectNode() : with;
        if (!parameters.isObject()) {
            throw new InvalidRequest("the step's `with` must be an object");
        }
        String method = method(operation, parameters);
        URI uri = uri(parameters, settings);
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        parameters.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asString()));
        String[] body = body(parameters);
        return new HttpRequestSpec(method, uri, headers, body[0], body[1]);
    }

    HttpRequest.BodyPublisher publisher() {
        return body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    }

    /** Method, scheme, host and path: how messages name the request without its query (which may carry data). */
    String describe() {
        return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static String method(String operation, JsonNode with) {
        String fromOperation = operation == null ? "" : operation.toUpperCase(Locale.ROOT);
        String method = with.path("method").isString() ? with.path("method").asString().toUpperCase(Locale.ROOT)
                : METHODS.contains(fromOperation) ? fromOperation : "GET";
        if (!METHODS.contains(method)) {
            throw new InvalidRequest("method '" + method + "' is not one of " + String.join(", ", METHODS));
        }
        if (!fromOperation.isEmpty() && !fromOperation.equals("REQUEST") && !METHODS.contains(fromOperation)) {
            throw new InvalidRequest("operation '" + operation + "' is not `request` or an HTTP method");
        }
        return method;
    }

    private static URI uri(JsonNode with, HttpSettings settings) {
        String target;
        if (with.path("url").isString()) {
            target = with.path("url").asString();
        } else if (settings.baseUrl() != null) {
            String base = settings.baseUrl().toString();
            String path = with.path("path").asString("");
            if (base.endsWith("/") && path.startsWith("/")) {
                target = base + path.substring(1);
            } else if (!base.endsWith("/") && !path.isEmpty() && !path.startsWith("/")) {
                target = base + "/" + path;
            } else {
                target = base + path;
            }
        } else {
            throw new InvalidRequest("the step gives no `url` and the connector has no `baseUrl`");
        }
        for (Map.Entry<String, JsonNode> param : with.path("pathParams").properties()) {
            target = target.replace("{" + param.getKey() + "}", encode(param.getValue().asString()).replace("+", "%20"));
        }
        String query = query(with.path("query"));
        if (!query.isEmpty()) {
            target += (target.contains("?") ? "&" : "?") + query;
        }
        try {
            URI uri = URI.create(target);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new InvalidRequest("the request URL is not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException malformed) {
            throw new InvalidRequest("the request URL is not valid (a {name} segment without a pathParams value, or an illegal character?)");
        }
    }

    private static String query(JsonNode query) {
        if (!query.isObject()) {
            return "";
        }
        java.util.List<String> pairs = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : query.properties()) {
            Iterable<JsonNode> values = entry.getValue().isArray() ? entry.getValue() : java.util.List.of(entry.getValue());
            for (JsonNode value : values) {
                if (!value.isNull()) {
                    pairs.add(encode(entry.getKey()) + "=" + encode(value.asString()));
                }
            }
        }
        return String.join("&", pairs);
    }

    private static String[] body(JsonNode with) {
        int bodies = (with.has("body") ? 1 : 0) + (with.has("form") ? 1 : 0) + (with.has("text") ? 1 : 0);
        if (bodies > 1) {
            throw new InvalidRequest("give only one of `body` (JSON), `form` and `text`");
        }
        if (with.has("body")) {
            return new String[] {"application/json", with.path("body").toString()};
        }
        if (with.has("form")) {
            if (!with.path("form").isObject()) {
                throw new InvalidRequest("`form` must be an object of field names to values");
            }
            return new String[] {"application/x-www-form-urlencoded", query(with.path("form"))};
        }
        if (with.has("text")) {
            return new String[] {"text/plain; charset=utf-8", with.path("text").asString()};
        }
        return new String[] {null, null};
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The step's {@code with} cannot become a request; retrying cannot help. */
    static final class InvalidRequest extends RuntimeException {
        InvalidRequest(String message) {
            super(message, null, false, false);
        }
    }
}
