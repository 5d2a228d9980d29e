package dev.plinth.platform.deployments;

import dev.plinth.platform.support.PlinthTest;
import static dev.plinth.platform.deployments.Deploying.SECRET;
import static dev.plinth.platform.deployments.Deploying.activeRevision;
import static dev.plinth.platform.deployments.Deploying.createKey;
import static dev.plinth.platform.deployments.Deploying.deploy;
import static dev.plinth.platform.deployments.Deploying.deployActive;
import static dev.plinth.platform.deployments.Deploying.newApp;
import static dev.plinth.platform.deployments.Deploying.settled;
import static dev.plinth.platform.deployments.Deploying.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.orchestrator.AgentTasks;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Promotion, rollback, environment protection, tenant isolation and bad input of the deployment API. */
@PlinthTest
class PromotionRollbackTest {

    @LocalServerPort
    int port;

    @Autowired
    AgentTasks agentTasks;

    Api admin;
    Api builder;
    Api deployer;
    String app;

    @BeforeEach
    void appAndKeys() {
        admin = new Api(port, TestKeys.ROOT_ADMIN);
        Deploying.secret(admin, SECRET, "value");
        builder = admin.as(createKey(admin, "builder"));
        deployer = admin.as(createKey(admin, "deployer"));
        app = newApp(admin);
    }

    @Test
    void promoteDeploysTheRevisionActiveInStagingAndRollbackReturnsToThePreviousOne() {
        int first = submit(admin, app, SECRET, 1, 0);
        deployActive(builder, app, first, "staging");
        JsonNode promoted = promote(deployer, "staging", "prod");
        assertThat(promoted.path("kind").asString()).isEqualTo("promotion");
        assertThat(promoted.path("promotedFrom").asString()).isEqualTo("staging");
        assertThat(promoted.path("revision").asInt()).isEqualTo(first);
        assertThat(promoted.at("/deployedBy/role").asString()).isEqualTo("deployer");

        int second = submit(admin, app, SECRET, 2, 0);
        deployActive(builder, app, second, "staging");
        JsonNode secondInProd = promote(deployer, "staging", "prod");
        assertThat(secondInProd.path("revision").asInt()).isEqualTo(second);

        Api.Response rolledBack = deployer.postJson("/api/v1/apps/" + app + "/deployments/rollback",
                "{\"environment\":\"prod\"}");
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(201);
        assertThat(rolledBack.body().path("kind").asString()).isEqualTo("rollback");
        assertThat(rolledBack.body().path("status").asString()).isEqualTo("active");
        assertThat(rolledBack.body().path("revision").asInt()).isEqualTo(first);
        assertThat(activeRevision(admin, app, "prod")).isEqualTo(first);
        assertThat(admin.get("/api/v1/apps/" + app + "/deployments/" + secondInProd.path("id").asString()).body()
                .path("status").asString()).isEqualTo("rolled-back");
        assertThat(activeRevision(admin, app, "staging")).isEqualTo(second);

        Api.Response nothingLeft = deployer.postJson("/api/v1/apps/" + app + "/deployments/rollback",
                "{\"environment\":\"prod\"}");
        assertThat(nothingLeft.status()).as(nothingLeft.toString()).isEqualTo(409);
        assertThat(nothingLeft.body().path("detail").asString()).contains("no earlier one to roll back to");
        assertThat(nothingLeft.pointers()).containsExactly("/environment");
    }

    @Test
    void aBuilderMayDeployToStagingButNotToProd() {
        int revision = submit(admin, app, SECRET, 1, 0);
        deployActive(builder, app, revision, "staging");

        Api.Response direct = deploy(builder, app, revision, "prod");
        assertThat(direct.status()).as(direct.toString()).isEqualTo(403);
        assertThat(direct.contentType()).startsWith("application/problem+json");
        assertThat(direct.body().path("detail").asString())
                .isEqualTo("Environment 'prod' is protected: it accepts deployments only from keys with role "
                        + "deployer (or admin); this key's role is builder");
        Api.Response promoted = builder.postJson("/api/v1/apps/" + app + "/deployments/promote",
                "{\"from\":\"staging\",\"to\":\"prod\"}");
        assertThat(promoted.status()).isEqualTo(403);
        Api.Response rollback = builder.postJson("/api/v1/apps/" + app + "/deployments/rollback",
                "{\"environment\":\"prod\"}");
        assertThat(rollback.status()).isEqualTo(403);
        assertThat(activeRevision(admin, app, "prod")).isZero();

        Api viewer = admin.as(createKey(admin, "viewer"));
        assertThat(deploy(viewer, app, revision, "dev").status()).isEqualTo(403);
        assertThat(deployActive(deployer, app, revision, "prod").path("status").asString()).isEqualTo("active");
    }

    @Test
    void anEnvironmentThatTakesOnlyPromotionsRefusesDirectDeployments() {
        String name = "qa-" + UUID.randomUUID().toString().substring(0, 6);
        Api.Response created = admin.postJson("/api/v1/environments",
                "{\"name\":\"" + name + "\",\"allowedRoles\":[\"builder\"],\"promoteFrom\":\"staging\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(admin.get("/api/v1/environments/" + name).body().path("promoteFrom").asString())
                .isEqualTo("staging");

        int revision = submit(admin, app, SECRET, 1, 0);
        deployActive(builder, app, revision, "dev");
        Api.Response direct = deploy(builder, app, revision, name);
        assertThat(direct.status()).isEqualTo(403);
        assertThat(direct.body().path("detail").asString()).contains("accepts only promotions from 'staging'");
        Api.Response fromDev = builder.postJson("/api/v1/apps/" + app + "/deployments/promote",
                "{\"from\":\"dev\",\"to\":\"" + name + "\"}");
        assertThat(fromDev.status()).isEqualTo(403);
        assertThat(fromDev.body().path("detail").asString()).contains("not from 'dev'");

        deployActive(builder, app, revision, "staging");
        assertThat(promote(builder, "staging", name).path("status").asString()).isEqualTo("active");
    }

    @Test
    void anAdminMayChangeProtectionButNotIntoACircle() {
        String upstream = "up-" + UUID.randomUUID().toString().substring(0, 6);
        String downstream = "down-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(admin.postJson("/api/v1/environments", "{\"name\":\"" + upstream + "\",\"allowedRoles\":[\"builder\"]}")
                .status()).isEqualTo(201);
        assertThat(admin.postJson("/api/v1/environments", "{\"name\":\"" + downstream + "\",\"allowedRoles\":[\"builder\"]}")
                .status()).isEqualTo(201);
        int revision = submit(admin, app, SECRET, 1, 0);
        deployActive(builder, app, revision, downstream);

        Api.Response gated = admin.call("PUT", "/api/v1/environments/" + downstream)
                .json("{\"description\":\"after " + upstream + "\",\"allowedRoles\":[\"builder\"],\"promoteFrom\":\""
                        + upstream + "\"}").send();
        assertThat(gated.status()).as(gated.toString()).isEqualTo(200);
        assertThat(gated.body().path("promoteFrom").asString()).isEqualTo(upstream);
        assertThat(deploy(builder, app, revision, downstream).status()).isEqualTo(403);
        assertThat(activeRevision(admin, app, downstream)).isEqualTo(revision);

        Api.Response circle = admin.call("PUT", "/api/v1/environments/" + upstream)
                .json("{\"promoteFrom\":\"" + downstream + "\"}").send();
        assertThat(circle.status()).isEqualTo(422);
        assertThat(circle.pointers()).containsExactly("/promoteFrom");
        assertThat(circle.body().path("detail").asString()).contains("would close a circle");
    }

    @Test
    void environmentsAreListedAndOnlyAdminsAddThem() {
        JsonNode environments = builder.get("/api/v1/environments").body();
        assertThat(environments.toString()).contains("\"dev\"", "\"staging\"", "\"prod\"");
        assertThat(builder.postJson("/api/v1/environments", "{\"name\":\"mine\"}").status()).isEqualTo(403);

        Api.Response badName = admin.postJson("/api/v1/environments", "{\"name\":\"Not Valid\"}");
        assertThat(badName.status()).isEqualTo(422);
        assertThat(badName.pointers()).containsExactly("/name");
        Api.Response badRole = admin.postJson("/api/v1/environments",
                "{\"name\":\"x1\",\"allowedRoles\":[\"deployer\",\"viewer\"]}");
        assertThat(badRole.pointers()).containsExactly("/allowedRoles/1");
        Api.Response badFrom = admin.postJson("/api/v1/environments", "{\"name\":\"x2\",\"promoteFrom\":\"nope\"}");
        assertThat(badFrom.pointers()).containsExactly("/promoteFrom");
        assertThat(admin.postJson("/api/v1/environments", "{\"name\":\"prod\"}").status()).isEqualTo(409);
        assertThat(builder.call("PUT", "/api/v1/environments/dev").json("{\"allowedRoles\":[\"builder\"]}").send()
                .status()).isEqualTo(403);
        assertThat(admin.call("PUT", "/api/v1/environments/moon").json("{}").send().status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/environments/nope").status()).isEqualTo(404);
    }

    @Test
    void badDeploymentRequestsAreProblemsWithPointers() {
        int revision = submit(admin, app, SECRET, 1, 0);
        String deployments = "/api/v1/apps/" + app + "/deployments";

        Api.Response empty = admin.postJson(deployments, "{}");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.pointers()).containsExactly("/revision", "/environment");
        Api.Response unknownRevision = deploy(admin, app, revision + 7, "dev");
        assertThat(unknownRevision.status()).isEqualTo(422);
        assertThat(unknownRevision.pointers()).containsExactly("/revision");
        Api.Response unknownEnvironment = deploy(admin, app, revision, "moon");
        assertThat(unknownEnvironment.status()).isEqualTo(422);
        assertThat(unknownEnvironment.pointers()).containsExactly("/environment");
        assertThat(unknownEnvironment.body().path("detail").asString()).contains("dev, staging, prod");
        Api.Response wrongType = admin.postJson(deployments, "{\"revision\":\"seven\",\"environment\":\"dev\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.pointers()).containsExactly("/revision");
        assertThat(admin.postJson(deployments, "{\"revision\":").status()).isEqualTo(400);

        Api.Response nothingToPromote = admin.postJson(deployments + "/promote", "{\"from\":\"dev\",\"to\":\"prod\"}");
        assertThat(nothingToPromote.status()).isEqualTo(409);
        assertThat(nothingToPromote.pointers()).containsExactly("/from");
        Api.Response samePlace = admin.postJson(deployments + "/promote", "{\"from\":\"dev\",\"to\":\"dev\"}");
        assertThat(samePlace.pointers()).containsExactly("/to");
        Api.Response nothingToRollBack = admin.postJson(deployments + "/rollback", "{\"environment\":\"dev\"}");
        assertThat(nothingToRollBack.status()).isEqualTo(409);
        assertThat(admin.postJson(deployments + "/rollback", "{}").pointers()).containsExactly("/environment");

        assertThat(admin.get(deployments + "?status=sleeping").status()).isEqualTo(400);
        assertThat(admin.get(deployments + "?cursor=garbage").status()).isEqualTo(400);
        assertThat(admin.get(deployments + "/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsAppAndDeploymentsAreNotFound() {
        int revision = submit(admin, app, SECRET, 1, 0);
        String id = deployActive(admin, app, revision, "dev").path("id").asString();
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Api other = admin.as(admin.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body()
                .at("/adminKey/key").asString());

        assertThat(deploy(other, app, revision, "dev").status()).isEqualTo(404);
        assertThat(other.get("/api/v1/apps/" + app + "/deployments").status()).isEqualTo(404);
        assertThat(other.get("/api/v1/apps/" + app + "/deployments/" + id).status()).isEqualTo(404);
        assertThat(other.postJson("/api/v1/apps/" + app + "/deployments/rollback", "{\"environment\":\"dev\"}")
                .status()).isEqualTo(404);

        String otherApp = newApp(other);
        int otherRevision = submit(other, otherApp, "x", 1, 0);
        assertThat(other.get("/api/v1/apps/" + otherApp + "/deployments/" + id).status()).isEqualTo(404);
        assertThat(deploy(other, otherApp, otherRevision, "dev").status()).isEqualTo(202);
    }

    @Test
    void theTenantWideMatrixListsEachAppsActiveRevisionsPerEnvironmentAndNoOtherTenantsApps() {
        int first = submit(admin, app, SECRET, 1, 0);
        deployActive(admin, app, first, "dev");
        int second = submit(admin, app, SECRET, 2, 0);
        deployActive(admin, app, second, "staging");

        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Api other = admin.as(admin.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body()
                .at("/adminKey/key").asString());
        Deploying.secret(other, "x", "value");
        String deployed = "a-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(other.postJson("/api/v1/apps", "{\"name\":\"" + deployed + "\"}").status()).isEqualTo(201);
        deployActive(other, deployed, submit(other, deployed, "x", 1, 0), "dev");
        String idle = "b-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(other.postJson("/api/v1/apps", "{\"name\":\"" + idle + "\"}").status()).isEqualTo(201);

        // A viewer may read it; pages go over apps by name.
        Api otherViewer = other.as(createKey(other, "viewer"));
        Api.Response firstPage = otherViewer.get("/api/v1/deployments/active?limit=1");
        assertThat(firstPage.status()).as(firstPage.toString()).isEqualTo(200);
        JsonNode row = firstPage.body().path("items");
        assertThat(row.size()).isEqualTo(1);
        assertThat(row.get(0).path("app").asString()).isEqualTo(deployed);
        assertThat(row.get(0).path("latestRevision").asInt()).isEqualTo(1);
        assertThat(row.get(0).path("active").size()).isEqualTo(1);
        assertThat(row.get(0).at("/active/0/environment").asString()).isEqualTo("dev");
        assertThat(row.get(0).at("/active/0/revision").asInt()).isEqualTo(1);
        String cursor = firstPage.body().path("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        Api.Response secondPage = otherViewer.get("/api/v1/deployments/active?limit=1&cursor=" + cursor);
        assertThat(secondPage.status()).as(secondPage.toString()).isEqualTo(200);
        assertThat(secondPage.body().at("/items/0/app").asString()).isEqualTo(idle);
        assertThat(secondPage.body().at("/items/0/active").isEmpty()).isTrue();
        assertThat(secondPage.body().path("nextCursor").isString()).isFalse();

        // The first tenant sees its own app with both environments, and none of the other tenant's.
        Api viewer = admin.as(createKey(admin, "viewer"));
        JsonNode mine = null;
        String next = "";
        do {
            Api.Response page = viewer.get("/api/v1/deployments/active?limit=200" + next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.body().path("items").toString()).doesNotContain(deployed).doesNotContain(idle);
            for (JsonNode item : page.body().path("items")) {
                if (item.path("app").asString().equals(app)) {
                    mine = item;
                }
            }
            JsonNode nextCursor = page.body().path("nextCursor");
            next = nextCursor.isString() ? "&cursor=" + nextCursor.asString() : null;
        } while (next != null);
        assertThat(mine).as("the app's row").isNotNull();
        assertThat(mine.path("latestRevision").asInt()).isEqualTo(second);
        assertThat(mine.at("/active/0/environment").asString()).isEqualTo("dev");
        assertThat(mine.at("/active/0/revision").asInt()).isEqualTo(first);
        assertThat(mine.at("/active/1/environment").asString()).isEqualTo("staging");
        assertThat(mine.at("/active/1/revision").asInt()).isEqualTo(second);
        assertThat(mine.at("/active/1/kind").asString()).isEqualTo("deploy");

        assertThat(viewer.get("/api/v1/deployments/active?cursor=garbage").status()).isEqualTo(400);
        assertThat(viewer.get("/api/v1/deployments/active?limit=0").status()).isEqualTo(400);
    }

    @Test
    void aRunInAnEnvironmentUsesTheRevisionActiveThere() {
        int deployed = submit(admin, app, SECRET, 1, 0);
        deployActive(admin, app, deployed, "dev");
        int newer = submit(admin, app, SECRET, 2, 0);

        Api.Response inDev = admin.postJson("/api/v1/apps/" + app + "/workflows/hello/runs?environment=dev", "{}");
        assertThat(inDev.status()).as(inDev.toString()).isEqualTo(202);
        assertThat(inDev.body().path("revision").asInt()).isEqualTo(deployed);
        Api.Response latest = admin.postJson("/api/v1/apps/" + app + "/workflows/hello/runs", "{}");
        assertThat(latest.body().path("revision").asInt()).isEqualTo(newer);

        Api.Response nothingActive = admin.postJson("/api/v1/apps/" + app
                + "/workflows/hello/runs?environment=prod", "{}");
        assertThat(nothingActive.status()).isEqualTo(409);
        Api.Response unknown = admin.postJson("/api/v1/apps/" + app + "/workflows/hello/runs?environment=moon", "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("parameter").asString()).isEqualTo("environment");
    }

    @Test
    void aRunStartedInAnEnvironmentGetsThatEnvironmentsOverrides() {
        // dev runs the orders connector on its deploy agent: the run's step waits in dev's agent queue.
        Api.Response submitted = admin.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(Deploying.APP.formatted(app, SECRET, 1, 0) + "    dev:\n      runsOn: {orders: agent}\n").send();
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        deployActive(admin, app, submitted.body().path("number").asInt(), "dev");
        UUID tenant = Deploying.tenantOf(admin);

        Api.Response started = admin.postJson("/api/v1/apps/" + app + "/workflows/hello/runs?environment=dev", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        UUID run = UUID.fromString(started.body().path("id").asString());

        await().atMost(Duration.ofSeconds(60)).until(() -> agentTasks.pending(tenant, "dev", 1000).stream()
                .anyMatch(task -> task.runId().equals(run) && task.stepId().equals("say")));
    }

    private JsonNode promote(Api api, String from, String to) {
        Api.Response accepted = api.postJson("/api/v1/apps/" + app + "/deployments/promote",
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode deployment = settled(api, app, accepted.body().path("id").asString());
        assertThat(deployment.path("status").asString()).as(deployment.toString()).isEqualTo("active");
        return deployment;
    }
}
