package dev.plinth.deploy.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The agent API of a Plinth server, over the JDK's HTTP client. */
class ServerClient {

    /** The server refused or failed a call; {@link #status()} is its HTTP status. */
    static final class ServerException extends IOException {
        private final int status;

        ServerException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;

    ServerClient(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Registers (or re-registers) the agent; its id. */
    UUID register(String name, String environment, String version) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("environment", environment)
                .put("version", version);
        return UUID.fromString(post("/api/v1/agent/register", body, Duration.ofSeconds(30)).path("id").asString());
    }

    /**
     * A heartbeat's answer: the environment's desired state ({@code app@revision} of each deployed
     * app), the new lease end of each running task the server extended, and the running tasks that
     * are no longer this agent's.
     */
    record Heartbeat(List<String> desired, java.util.Map<Long, java.time.Instant> leases, List<Long> lost) {
    }

    /** Heartbeats, extending the leases of the {@code running} tasks. */
    Heartbeat heartbeat(UUID agent, java.util.Collection<Long> running) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("agent", agent.toString());
        running.forEach(body.putArray("tasks")::add);
        JsonNode answer = post("/api/v1/agent/heartbeat", body, Duration.ofSeconds(30));
        List<String> desired = new java.util.ArrayList<>();
        answer.path("desired").forEach(app -> desired.add(app.path("app").asString() + "@"
                + app.path("revision").asInt()));
        java.util.Map<Long, java.time.Instant> leases = new java.util.HashMap<>();
        answer.path("leases").forEach(lease -> leases.put(lease.path("task").asLong(),
                java.time.Instant.parse(lease.path("leasedUntil").asString())));
        List<Long> lost = new java.util.ArrayList<>();
        answer.path("lost").forEach(id -> lost.add(id.asLong()));
        return new Heartbeat(desired, leases, lost);
    }

    /** Tasks leased to the agent, and how long the server's leases last (null from a server that does not say). */
    record Leased(List<AgentTask> tasks, Duration lease) {
    }

    /** Up to {@code max} tasks, waiting on the server up to {@code wait} for some to arrive. */
    Leased lease(UUID agent, int max, Duration wait) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("agent", agent.toString()).put("max", max)
                .put("waitSeconds", wait.toSeconds());
        JsonNode answer = post("/api/v1/agent/tasks/lease", body, wait.plusSeconds(30));
        long leaseSeconds = answer.path("leaseSeconds").asLong(0);
        return new Leased(JSON.readerForListOf(AgentTask.class).readValue(answer.path("tasks")),
                leaseSeconds > 0 ? Duration.ofSeconds(leaseSeconds) : null);
    }

    /** Reports a task's outcome; false when the server no longer needs it (409: the lease passed on). */
    boolean report(UUID agent, long task, ObjectNode outcome) throws IOException, InterruptedException {
        outcome.put("agent", agent.toString());
        try {
            post("/api/v1/agent/tasks/" + task + "/result", outcome, Duration.ofSeconds(30));
            return true;
        } catch (ServerException refused) {
            if (refused.status() == 409) {
                return false;
            }
            throw refused;
        }
    }

    static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() >= 300) {
            JsonNode problem = parse(response.body());
            String detail = problem.path("detail").asString(response.body());
            throw new ServerException(response.statusCode(), "POST " + path + ": " + response.statusCode() + " "
                    + detail);
        }
        return parse(response.body());
    }

    // sendAsync, so that interrupting the calling thread (a stopping agent) abandons a long poll at once.
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return pending.get();
        } catch (InterruptedException interrupted) {
            pending.cancel(true);
            throw interrupted;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw new IOException("cannot reach " + request.uri() + ": " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JSON.missingNode();
        }
    }
}
