package dev.plinth.platform.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the running application, as any client sends them. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String key;

    public Api(int port, String key) {
        this("http://localhost:" + port, key);
    }

    private Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The same server, another caller. */
    public Api as(String otherKey) {
        return new Api(base, otherKey);
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Response get(String path) {
        return call("GET", path).send();
    }

    public Response postJson(String path, String json) {
        return call("POST", path).json(json).send();
    }

    public Response delete(String path) {
        return call("DELETE", path).send();
    }

    /** Registers app {@code name} and submits {@code yaml} as its first revision; fails unless both succeed. */
    public void createApp(String name, String yaml) {
        Response app = postJson("/api/v1/apps", "{\"name\":\"" + name + "\"}");
        Response revision = call("POST", "/api/v1/apps/" + name + "/revisions").yaml(yaml).send();
        if (app.status() != 201 || revision.status() != 201) {
            throw new IllegalStateException("Creating app " + name + " failed: " + app + " / " + revision);
        }
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** One request being built. */
    public final class Call {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private byte[] body;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        public Call json(String json) {
            return body("application/json", json);
        }

        public Call yaml(String yaml) {
            return body("application/yaml", yaml);
        }

        public Call body(String contentType, String text) {
            return body(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public Call body(String contentType, byte[] bytes) {
            header("Content-Type", contentType);
            this.body = bytes;
            return this;
        }

        public Response send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            for (int i = 0; i < headers.size(); i += 2) {
                request.header(headers.get(i), headers.get(i + 1));
            }
            try {
                return new Response(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException | InterruptedException failure) {
                throw new IllegalStateException(method + " " + path + " failed", failure);
            }
        }
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String text() {
            return raw.body();
        }

        public JsonNode body() {
            return JSON.readTree(raw.body());
        }

        /** The {@code pointer} of every entry of a problem's {@code errors}. */
        public List<String> pointers() {
            List<String> pointers = new ArrayList<>();
            body().path("errors").forEach(error -> pointers.add(error.path("pointer").asString()));
            return pointers;
        }

        @Override
        public String toString() {
            return status() + " " + raw.body();
        }
    }
}
