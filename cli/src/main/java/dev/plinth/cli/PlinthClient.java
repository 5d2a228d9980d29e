package dev.plinth.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The Plinth REST API over the JDK's HTTP client, authenticated with one API key. */
final class PlinthClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String key;

    PlinthClient(String server, String key) {
        this.base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.key = key;
    }

    /** A response: its status and its body as JSON (an empty object when the body is not JSON). */
    record Response(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Response postJson(String path, JsonNode body) {
        return post(path, "application/json", JSON.writeValueAsBytes(body));
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException bad) {
            throw new CliFailure(Plinth.USAGE, "error: '" + base + "' is not a server URL");
        }
    }

    private Response send(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + key).header("Accept", "application/json, application/problem+json")
                .timeout(Duration.ofSeconds(60));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), parse(response.body()));
        } catch (ConnectException refused) {
            throw new CliFailure(Plinth.USAGE, "error: cannot connect to " + base);
        } catch (IOException failure) {
            throw new CliFailure(Plinth.USAGE, "error: request to " + base + " failed: " + failure.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure(Plinth.USAGE, "error: interrupted");
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JsonNodeFactory.instance.objectNode().put("detail", body);
        }
    }
}
