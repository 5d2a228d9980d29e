package dev.plinth.platform.deployments;

import dev.plinth.platform.support.PlinthTest;
import static dev.plinth.platform.deployments.Deploying.SECRET;
import static dev.plinth.platform.deployments.Deploying.activeRevision;
import static dev.plinth.platform.deployments.Deploying.deploy;
import static dev.plinth.platform.deployments.Deploying.deployActive;
import static dev.plinth.platform.deployments.Deploying.newApp;
import static dev.plinth.platform.deployments.Deploying.settled;
import static dev.plinth.platform.deployments.Deploying.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Deployments over HTTP: pre-flight checks, superseding, failures that leave the previous revision active. */
@PlinthTest
class DeploymentLifecycleTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    JdbcClient jdbc;

    Api api;
    String app;

    @BeforeEach
    void appWithSecret() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        jdbc = JdbcClient.create(dataSource);
        Deploying.secret(api, SECRET, "s3cr3t-value");
        app = newApp(api);
    }

    @Test
    void aDeploymentPassesItsChecksAndTheNextOneSupersedesIt() {
        int first = submit(api, app, SECRET, 1, 0);
        Api.Response accepted = deploy(api, app, first, "dev");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/apps/" + app + "/deployments/"
                + accepted.body().path("id").asString());
        assertThat(accepted.body().path("status").asString()).isEqualTo("pending");

        JsonNode active = settled(api, app, accepted.body().path("id").asString());
        assertThat(active.path("status").asString()).as(active.toString()).isEqualTo("active");
        assertThat(checks(active)).containsExactly("revision:passed", "secrets:passed", "connectors:skipped", "smoke:skipped");
        assertThat(active.at("/deployedBy/role").asString()).isEqualTo("admin");
        assertThat(active.at("/deployedBy/keyId").asString()).isNotBlank();
        assertThat(active.path("activatedAt").isNull()).isFalse();
        assertThat(active.toString()).doesNotContain("s3cr3t-value");

        int second = submit(api, app, SECRET, 2, 0);
        JsonNode next = deployActive(api, app, second, "dev");
        assertThat(next.path("previous").asString()).isEqualTo(active.path("id").asString());

        JsonNode history = api.get("/api/v1/apps/" + app + "/deployments?environment=dev").body().path("items");
        List<String> rows = new ArrayList<>();
        history.forEach(row -> rows.add(row.path("revision").asInt() + ":" + row.path("status").asString()));
        assertThat(rows).containsExactly(second + ":active", first + ":superseded");
        assertThat(activeRevision(api, app, "dev")).isEqualTo(second);
    }

    @Test
    void aMissingSecretFailsTheDeploymentNamingTheSecretAndThePreviousRevisionStaysActive() {
        int good = submit(api, app, SECRET, 1, 0);
        deployActive(api, app, good, "dev");
        int missing = submit(api, app, "never-created", 2, 0);

        JsonNode failed = settled(api, app, deploy(api, app, missing, "dev").body().path("id").asString());

        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(checks(failed)).containsExactly("revision:passed", "secrets:failed");
        assertThat(failed.path("failure").asString()).contains("check 'secrets' failed").contains("never-created");
        assertThat(activeRevision(api, app, "dev")).isEqualTo(good);
        assertThat(api.get("/actuator/prometheus").text().lines()
                .filter(line -> line.startsWith("plinth_deploy_deployments_checked_total{"))
                .filter(line -> line.contains("app=\"" + app + "\"")))
                .anySatisfy(line -> assertThat(line).contains("environment=\"dev\"", "failed_check=\"secrets\"",
                        "outcome=\"failed\""));
    }

    @Test
    void aFailingSmokeTestFailsTheDeploymentAndAPassingOneActivatesIt() {
        int passing = submit(api, app, SECRET, 1, 0);
        JsonNode active = deployActive(api, app, passing, "staging");
        assertThat(checks(active)).containsExactly("revision:passed", "secrets:passed", "connectors:skipped", "smoke:passed");
        String smokeRun = active.path("smokeRun").asString();
        JsonNode run = api.get("/api/v1/apps/" + app + "/runs/" + smokeRun).body();
        assertThat(run.path("workflow").asString()).isEqualTo("smoke");
        assertThat(run.path("revision").asInt()).isEqualTo(passing);

        int failing = submit(api, app, SECRET, 2, 5);
        JsonNode failed = settled(api, app, deploy(api, app, failing, "staging").body().path("id").asString());

        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
        assertThat(checks(failed)).containsExactly("revision:passed", "secrets:passed", "connectors:skipped", "smoke:failed");
        assertThat(failed.path("failure").asString()).startsWith("check 'smoke' failed: smoke-test run ")
                .contains("failed");
        assertThat(activeRevision(api, app, "staging")).isEqualTo(passing);
    }

    @Test
    void aSmokeTestStillRunningAtItsTimeoutIsCancelledAndFailsTheDeployment() {
        int revision = submit(api, app, SECRET, 1, 0);
        api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(Deploying.APP.formatted(app, SECRET, 2, 0)
                .replace("failAttempts: 0}", "failAttempts: 0, delayMs: 10000}").replace("PT2M", "PT1S")).send();

        JsonNode failed = settled(api, app, deploy(api, app, revision + 1, "staging").body().path("id").asString());

        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("failure").asString()).contains("did not finish within PT1S; it was cancelled");
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + failed.path("smokeRun").asString()).body()
                .path("status").asString()).isEqualTo("cancelled");
        assertThat(activeRevision(api, app, "staging")).isZero();
    }

    @Test
    void anOlderDeploymentWhoseChecksFinishLastDoesNotReplaceANewerOne() {
        // The older revision's smoke test waits 15 s on an engine timer, which holds it for sure
        // whatever the load on the workers.
        api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(Deploying.APP.formatted(app, SECRET, 1, 0)
                .replace("- id: probe\n", "- {id: hold, type: wait, duration: PT15S}\n        - id: probe\n"))
                .send();
        int quick = submit(api, app, SECRET, 2, 0);
        String slow = deploy(api, app, quick - 1, "staging").body().path("id").asString();
        deployActive(api, app, quick, "staging");

        JsonNode overtaken = settled(api, app, slow);

        assertThat(overtaken.path("status").asString()).as(overtaken.toString()).isEqualTo("superseded");
        assertThat(overtaken.path("activatedAt").isNull()).isTrue();
        assertThat(activeRevision(api, app, "staging")).isEqualTo(quick);
    }

    @Test
    void theHistoryIsCursorPaginatedAndFilteredByStatus() {
        int revision = submit(api, app, SECRET, 1, 0);
        deployActive(api, app, revision, "dev");
        deployActive(api, app, revision, "staging");
        deployActive(api, app, revision, "dev");

        JsonNode first = api.get("/api/v1/apps/" + app + "/deployments?limit=2").body();
        assertThat(first.path("items").size()).isEqualTo(2);
        JsonNode second = api.get("/api/v1/apps/" + app + "/deployments?limit=2&cursor="
                + first.path("nextCursor").asString()).body();
        assertThat(second.path("items").size()).isEqualTo(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(second.at("/items/0/environment").asString()).isEqualTo("dev");
        assertThat(second.at("/items/0/status").asString()).isEqualTo("superseded");

        assertThat(api.get("/api/v1/apps/" + app + "/deployments?status=active").body().path("items").size())
                .isEqualTo(2);
    }

    @Test
    void aRepeatedDeployWithTheSameIdempotencyKeyIsOneDeployment() {
        int revision = submit(api, app, SECRET, 1, 0);
        String body = "{\"revision\":" + revision + ",\"environment\":\"dev\"}";
        Api.Response first = api.call("POST", "/api/v1/apps/" + app + "/deployments")
                .header("Idempotency-Key", "deploy-" + app).json(body).send();
        Api.Response again = api.call("POST", "/api/v1/apps/" + app + "/deployments")
                .header("Idempotency-Key", "deploy-" + app).json(body).send();
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.body().path("id").asString()).isEqualTo(first.body().path("id").asString());
        assertThat(api.get("/api/v1/apps/" + app + "/deployments").body().path("items").size()).isEqualTo(1);
    }

    @Test
    void aDeploymentLeftCheckingByADeadInstanceIsResumedOnceItsLeaseExpires() {
        int revision = submit(api, app, SECRET, 1, 0);
        UUID tenant = Deploying.tenantOf(api);
        UUID appId = jdbc.sql("select id from platform.apps where tenant_id = ? and name = ?")
                .params(tenant, app).query(UUID.class).single();
        UUID id = UUID.randomUUID();
        // What an instance that claimed the deployment and then died leaves behind.
        jdbc.sql("""
                insert into deploy.deployments (id, tenant_id, app_id, app_name, environment, revision, kind, status,
                    lease_until, actor_key_id, actor_role, created_at, updated_at)
                values (?, ?, ?, ?, 'staging', ?, 'deploy', 'checking', now() - interval '1 second', 'gone', 'admin',
                    now(), now())
                """).params(id, tenant, appId, app, revision).update();

        JsonNode resumed = settled(api, app, id.toString());

        assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("active");
        assertThat(checks(resumed)).containsExactly("revision:passed", "secrets:passed", "connectors:skipped", "smoke:passed");
    }

    static List<String> checks(JsonNode deployment) {
        List<String> checks = new ArrayList<>();
        deployment.path("checks").forEach(check ->
                checks.add(check.path("name").asString() + ":" + check.path("status").asString()));
        return checks;
    }
}
