package dev.plinth.platform.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** What the deployment tests share: an app definition with a secret and smoke tests, and waiting for checks. */
final class Deploying {

    /**
     * An app whose connector references secret {@code %2$s}; its {@code hello} step carries the
     * marker {@code %3$d} so each submission is a new revision; the smoke test of {@code staging}
     * fails its first {@code %4$d} attempts (one attempt allowed).
     */
    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %1$s}
            spec:
              connectors:
                orders: {type: echo, apiKey: "${secret:%2$s}"}
              workflows:
                - name: hello
                  steps:
                    - id: say
                      type: call
                      connector: orders
                      operation: get
                      with: {marker: %3$d}
                - name: smoke
                  steps:
                    - id: probe
                      type: call
                      connector: orders
                      operation: get
                      with: {failAttempts: %4$d}
                      retry: {maxAttempts: 1}
              environments:
                staging:
                  smokeTest: {workflow: smoke, timeout: PT2M}
            """;

    static final String SECRET = "orders-key";

    private Deploying() {
    }

    static String newApp(Api api) {
        String app = "dep-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return app;
    }

    /** Submits a revision; returns its number. */
    static int submit(Api api, String app, String secret, int marker, int smokeFailures) {
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app, secret, marker, smokeFailures)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        return revision.body().path("number").asInt();
    }

    static Api.Response deploy(Api api, String app, int revision, String environment) {
        return api.postJson("/api/v1/apps/" + app + "/deployments",
                "{\"revision\":" + revision + ",\"environment\":\"" + environment + "\"}");
    }

    /** The deployment once its checks have finished (active or failed). */
    static JsonNode settled(Api api, String app, String deploymentId) {
        JsonNode[] deployment = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            deployment[0] = api.get("/api/v1/apps/" + app + "/deployments/" + deploymentId).body();
            String status = deployment[0].path("status").asString();
            return !status.equals("pending") && !status.equals("checking");
        });
        return deployment[0];
    }

    /** Deploys and waits; asserts the deployment became active. */
    static JsonNode deployActive(Api api, String app, int revision, String environment) {
        Api.Response accepted = deploy(api, app, revision, environment);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode deployment = settled(api, app, accepted.body().path("id").asString());
        assertThat(deployment.path("status").asString()).as(deployment.toString()).isEqualTo("active");
        return deployment;
    }

    /** The revision active in the environment, or 0 when none is. */
    static int activeRevision(Api api, String app, String environment) {
        JsonNode items = api.get("/api/v1/apps/" + app + "/deployments?status=active&environment=" + environment)
                .body().path("items");
        assertThat(items.size()).isLessThanOrEqualTo(1);
        return items.isEmpty() ? 0 : items.get(0).path("revision").asInt();
    }

    static String createKey(Api admin, String role) {
        Api.Response created = admin.postJson("/api/v1/keys",
                "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("key").asString();
    }

    /** Stores the caller's tenant secret {@code name} through the secrets API. */
    static void secret(Api api, String name, String value) {
        Api.Response stored = api.call("PUT", "/api/v1/secrets/" + name)
                .json("{\"value\":\"" + value + "\"}").send();
        if (stored.status() != 200 && stored.status() != 201) {
            throw new IllegalStateException("Storing secret " + name + " failed: " + stored);
        }
    }

    static UUID tenantOf(Api api) {
        return UUID.fromString(api.get("/api/v1/me").body().at("/tenant/id").asString());
    }
}
