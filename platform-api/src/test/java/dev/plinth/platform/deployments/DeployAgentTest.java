package dev.plinth.platform.deployments;

import dev.plinth.platform.support.PlinthTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.deploy.agent.AgentRuntime;
import dev.plinth.deploy.agent.AgentSettings;
import dev.plinth.deploy.agent.ExecutorCatalog;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Deploy agents, run in-process against the running server exactly as the {@code plinth-agent}
 * executable runs them: steps of a run started in {@code staging} whose connector runs on the
 * agent execute there (with the secret values they reference), a dead agent's step goes to the
 * next agent when its lease expires, a step with no agent waits visibly, and agents are confined
 * to their tenant and to the agent API. Each test has a tenant of its own.
 */
@PlinthTest
class DeployAgentTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                db: {type: echo, table: orders, password: "${secret:db-password}"}
              environments:
                staging:
                  runsOn: {db: agent}
              workflows:
                - name: lookup
                  steps:
                    - {id: find, type: call, connector: db, with: {id: 7}}
                    - {id: done, type: succeed, output: "${steps.find.output}"}
            """;

    @LocalServerPort
    int port;

    Api root;
    Tenant tenant;
    final List<AgentRuntime> agents = new CopyOnWriteArrayList<>();

    /** A tenant with an app active in staging, and keys for its admin and its agents. */
    record Tenant(UUID id, Api admin, String agentKey, String app) {
    }

    @BeforeEach
    void aTenantWithAnAppActiveInStaging() {
        root = new Api(port, TestKeys.ROOT_ADMIN);
        tenant = newTenant();
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(AgentRuntime::abandon);
    }

    @Test
    void aStepMarkedForTheAgentRunsInTheAgentWithItsSecretsAndTheAgentIsListedLive() throws Exception {
        List<StepInvocation> executed = new CopyOnWriteArrayList<>();
        AgentRuntime agent = startAgent(tenant, "agent-one", AgentTestExecutors.recording(executed));

        UUID run = startRun(tenant);
        JsonNode finished = awaitStatus(tenant, run, "completed");
        assertThat(finished.at("/output/id").asInt()).isEqualTo(7);
        assertThat(executed).as("executed by the agent, not by Plinth's own workers").hasSize(1);
        assertThat(executed.get(0).connector().path("password").asString())
                .as("the referenced secret's value, substituted on the agent").isEqualTo("pw-" + tenant.id());
        assertThat(executed.get(0).idempotencyKey()).isEqualTo(run + ":find");
        assertThat(agent.reported()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).alias("the environment's desired state, from the heartbeat")
                .until(() -> agent.desired().equals(List.of(tenant.app() + "@1")));

        Api.Response listed = tenant.admin().get("/api/v1/agents");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().size()).isEqualTo(1);
        JsonNode shown = listed.body().get(0);
        assertThat(shown.path("id").asString()).isEqualTo(agent.agentId().toString());
        assertThat(shown.path("name").asString()).isEqualTo("agent-one");
        assertThat(shown.path("environment").asString()).isEqualTo("staging");
        assertThat(shown.path("version").asString()).isEqualTo(AgentRuntime.version());
        assertThat(shown.path("live").asBoolean()).isTrue();
        assertThat(shown.path("lastHeartbeatAt").isString()).isTrue();
        assertThat(listed.text()).doesNotContain("pw-");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(root.get("/actuator/prometheus").text())
                .containsPattern("plinth_agents_live\\{[^}]*environment=\"staging\"[^}]*} [1-9]"));
    }

    @Test
    void aStepWhoseAgentDiesGoesToTheNextAgentWhenTheLeaseExpires() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AgentRuntime dying = startAgent(tenant, "agent-dying", AgentTestExecutors.hanging(started));

        UUID run = startRun(tenant);
        await().atMost(Duration.ofSeconds(60)).until(() -> started.getCount() == 0);
        JsonNode holder = tenant.admin().get("/api/v1/agents").body().get(0);
        assertThat(holder.path("tasks").size()).as(holder.toString()).isEqualTo(1);
        assertThat(holder.at("/tasks/0/runId").asString()).isEqualTo(run.toString());
        assertThat(holder.at("/tasks/0/status").asString()).isEqualTo("leased");

        dying.abandon();
        // The lease runs out: the step is waiting again, delivered once, and the run has not failed.
        await().atMost(Duration.ofSeconds(60)).until(() -> "waiting".equals(taskOf(tenant, run).path("status")
                .asString()));
        assertThat(taskOf(tenant, run).path("deliveries").asInt()).isEqualTo(1);
        assertThat(runOf(tenant, run).path("status").asString()).isEqualTo("running");

        AgentRuntime next = startAgent(tenant, "agent-next", ExecutorCatalog.discover());
        JsonNode finished = awaitStatus(tenant, run, "completed");
        assertThat(finished.at("/output/id").asInt()).isEqualTo(7);
        assertThat(next.reported()).isEqualTo(1);
        assertThat(dying.reported()).isZero();
        assertThat(tenant.admin().get("/api/v1/environments/staging/agent-tasks").body().size()).isZero();
    }

    @Test
    void aStepThatRunsLongerThanALeaseStaysWithItsAgentWhileItsHeartbeatsExtendTheLease() throws Exception {
        // The tests' lease is 8 s (PlinthTest): without the heartbeats' extensions the step would go to
        // the other (idle, polling) agent at 8 s and run twice. The first agent is set to heartbeat
        // every 30 s, longer than a lease: it heartbeats every third of the lease the server tells it.
        AtomicInteger started = new AtomicInteger();
        Duration step = Duration.ofSeconds(14);
        AgentRuntime first = startAgent(tenant, "agent-first", AgentTestExecutors.slow(step, started),
                Duration.ofSeconds(30));
        UUID run = startRun(tenant);
        await().atMost(Duration.ofSeconds(60)).until(() -> started.get() == 1);
        AgentRuntime second = startAgent(tenant, "agent-second", AgentTestExecutors.slow(step, started));
        Instant firstLeaseEnd = Instant.parse(taskOf(tenant, run).path("leasedUntil").asString());

        // Past the first lease's end: the task is still the first agent's, delivered once, its lease later.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstLeaseEnd).toMillis()) + 2_000);
        JsonNode task = taskOf(tenant, run);
        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("leased");
        assertThat(task.path("leasedBy").asString()).isEqualTo("agent-first");
        assertThat(task.path("deliveries").asInt()).isEqualTo(1);
        assertThat(Instant.parse(task.path("leasedUntil").asString())).isAfter(firstLeaseEnd);

        JsonNode finished = awaitStatus(tenant, run, "completed");
        assertThat(finished.at("/output/id").asInt()).isEqualTo(7);
        assertThat(started.get()).as("executions of the step").isEqualTo(1);
        assertThat(first.reported()).isEqualTo(1);
        assertThat(second.reported()).isZero();
        JsonNode history = tenant.admin().get("/api/v1/apps/" + tenant.app() + "/runs/" + run + "/history").body();
        assertThat(history.get(0).path("status").asString()).as(history.toString()).isEqualTo("completed");
        assertThat(history.get(0).path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void cancellingARunStopsItsStepOnTheAgentAtTheNextHeartbeat() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AgentRuntime agent = startAgent(tenant, "agent-cancelled", AgentTestExecutors.hanging(started, interrupted));
        UUID run = startRun(tenant);
        await().atMost(Duration.ofSeconds(60)).until(() -> started.getCount() == 0);

        Api.Response cancelled = tenant.admin().postJson("/api/v1/apps/" + tenant.app() + "/runs/" + run + "/cancel",
                "");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the agent interrupts the step of the cancelled run")
                .isTrue();
        assertThat(runOf(tenant, run).path("status").asString()).isEqualTo("cancelled");
        assertThat(agent.reported()).isZero();
        assertThat(taskOf(tenant, run).isMissingNode()).as("the task was withdrawn").isTrue();
    }

    @Test
    void aHeartbeatExtendsOnlyTheLeasesItsAgentHolds() throws Exception {
        Api agentApi = root.as(tenant.agentKey());
        String holder = agentApi.postJson("/api/v1/agent/register",
                "{\"name\":\"holder\",\"environment\":\"staging\",\"version\":\"1\"}").body().path("id").asString();
        String other = agentApi.postJson("/api/v1/agent/register",
                "{\"name\":\"other\",\"environment\":\"staging\",\"version\":\"1\"}").body().path("id").asString();
        UUID run = startRun(tenant);
        JsonNode leased = agentApi.postJson("/api/v1/agent/tasks/lease", "{\"agent\":\"" + holder
                + "\",\"waitSeconds\":10}").body().path("tasks");
        assertThat(leased.size()).isEqualTo(1);
        assertThat(agentApi.postJson("/api/v1/agent/tasks/lease", "{\"agent\":\"" + other + "\"}").body()
                .path("leaseSeconds").asInt()).as("the lease the tests configure").isEqualTo(8);
        long task = leased.get(0).path("id").asLong();
        Instant leasedUntil = Instant.parse(leased.get(0).path("leasedUntil").asString());

        Thread.sleep(1_100);
        JsonNode beat = agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + holder + "\",\"tasks\":["
                + task + ", 987654321]}").body();
        assertThat(beat.at("/leases/0/task").asLong()).as(beat.toString()).isEqualTo(task);
        assertThat(Instant.parse(beat.at("/leases/0/leasedUntil").asString())).isAfter(leasedUntil);
        assertThat(beat.path("leases").size()).isEqualTo(1);
        assertThat(beat.path("lost").toString()).isEqualTo("[987654321]");

        JsonNode foreign = agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + other + "\",\"tasks\":["
                + task + "]}").body();
        assertThat(foreign.path("leases").size()).as("another agent cannot extend the holder's lease").isZero();
        assertThat(foreign.path("lost").toString()).isEqualTo("[" + task + "]");
        assertThat(taskOf(tenant, run).path("leasedBy").asString()).isEqualTo("holder");

        Api otherTenant = root.as(newTenant().agentKey());
        JsonNode intruder = otherTenant.postJson("/api/v1/agent/register",
                "{\"name\":\"holder\",\"environment\":\"staging\",\"version\":\"1\"}").body();
        JsonNode crossTenant = otherTenant.postJson("/api/v1/agent/heartbeat", "{\"agent\":\""
                + intruder.path("id").asString() + "\",\"tasks\":[" + task + "]}").body();
        assertThat(crossTenant.path("leases").size()).as("an agent of the same name in another tenant").isZero();

        assertThat(agentApi.postJson("/api/v1/agent/tasks/" + task + "/result", "{\"agent\":\"" + holder
                + "\",\"output\":{\"id\":7}}").status()).isEqualTo(204);
        JsonNode after = agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + holder + "\",\"tasks\":["
                + task + "]}").body();
        assertThat(after.path("lost").toString()).as("a reported task is no longer the agent's")
                .isEqualTo("[" + task + "]");
        awaitStatus(tenant, run, "completed");
    }

    @Test
    void withNoAgentTheStepWaitsVisiblyAndTheRunKeepsRunning() {
        UUID run = startRun(tenant);
        await().atMost(Duration.ofSeconds(60)).until(() -> !taskOf(tenant, run).isMissingNode());
        JsonNode task = taskOf(tenant, run);
        assertThat(task.path("status").asString()).isEqualTo("waiting");
        assertThat(task.path("stepId").asString()).isEqualTo("find");
        assertThat(task.path("connectorType").asString()).isEqualTo("echo");
        assertThat(task.path("leasedBy").isNull()).isTrue();
        assertThat(runOf(tenant, run).path("status").asString()).isEqualTo("running");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(root.get("/actuator/prometheus").text())
                .containsPattern("plinth_agent_tasks_waiting\\{[^}]*environment=\"staging\"[^}]*} [1-9]"));
        assertThat(runOf(tenant, run).path("status").asString()).as("waiting, never failed").isEqualTo("running");
        assertThat(tenant.admin().get("/api/v1/agents").body().size()).isZero();

        assertThat(tenant.admin().postJson("/api/v1/apps/" + tenant.app() + "/runs/" + run + "/cancel", "{}")
                .status()).isEqualTo(200);
        assertThat(taskOf(tenant, run).isMissingNode()).as("a cancelled run's step no longer waits").isTrue();
    }

    @Test
    void anotherTenantsAgentNeverReceivesTheTask() throws Exception {
        Tenant other = newTenant();
        List<StepInvocation> othersExecuted = new CopyOnWriteArrayList<>();
        AgentRuntime othersAgent = startAgent(other, "agent-one", AgentTestExecutors.recording(othersExecuted));

        UUID run = startRun(tenant);
        await().atMost(Duration.ofSeconds(60)).until(() -> !taskOf(tenant, run).isMissingNode());
        startAgent(tenant, "agent-one", ExecutorCatalog.discover());
        awaitStatus(tenant, run, "completed");

        assertThat(othersExecuted).isEmpty();
        assertThat(othersAgent.reported()).isZero();
        assertThat(other.admin().get("/api/v1/environments/staging/agent-tasks").body().size()).isZero();
        assertThat(other.admin().get("/api/v1/agents").body().get(0).path("id").asString())
                .as("same name, another tenant: another agent").isNotEqualTo(agents.get(1).agentId().toString());
    }

    @Test
    void agentKeysReachOnlyTheAgentApiAndOnlyAgentKeysReachIt() throws Exception {
        Api agentApi = root.as(tenant.agentKey());
        assertThat(agentApi.get("/api/v1/apps").status()).isEqualTo(403);
        assertThat(agentApi.get("/api/v1/me").status()).isEqualTo(403);
        assertThat(agentApi.get("/api/v1/agents").status()).isEqualTo(403);
        assertThat(agentApi.postJson("/api/v1/apps", "{\"name\":\"nope\"}").status()).isEqualTo(403);
        assertThat(agentApi.postJson("/api/v1/apps/" + tenant.app() + "/workflows/lookup/runs", "{}").status())
                .isEqualTo(403);

        String registration = "{\"name\":\"a\",\"environment\":\"staging\",\"version\":\"1\"}";
        assertThat(tenant.admin().postJson("/api/v1/agent/register", registration).status()).isEqualTo(403);
        String viewerKey = Deploying.createKey(tenant.admin(), "viewer");
        assertThat(root.as(viewerKey).postJson("/api/v1/agent/register", registration).status()).isEqualTo(403);
        assertThat(root.as(viewerKey).get("/api/v1/agents").status()).as("operators read").isEqualTo(200);

        Api.Response registered = agentApi.postJson("/api/v1/agent/register", registration);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        String agentId = registered.body().path("id").asString();
        assertThat(agentApi.postJson("/api/v1/agent/register", registration).body().path("id").asString())
                .as("registering again under the same name is the same agent").isEqualTo(agentId);
        assertThat(agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + agentId + "\"}").status())
                .isEqualTo(200);
        assertThat(root.as(newTenant().agentKey()).postJson("/api/v1/agent/heartbeat",
                "{\"agent\":\"" + agentId + "\"}").status()).as("another tenant's agent").isEqualTo(404);
    }

    @Test
    void badAgentRequestsAreProblemsThatPointAtTheField() {
        Api agentApi = root.as(tenant.agentKey());
        assertProblem(agentApi.postJson("/api/v1/agent/register", "{\"name\":\"a\",\"environment\":\"nowhere\","
                + "\"version\":\"1\"}"), 422, "/environment");
        assertProblem(agentApi.postJson("/api/v1/agent/register", "{\"environment\":\"staging\",\"version\":\"1\"}"),
                422, "/name");
        assertProblem(agentApi.postJson("/api/v1/agent/register", "{\"name\":\"a\",\"environment\":\"staging\"}"),
                422, "/version");
        assertProblem(agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"not-an-id\"}"), 422, "/agent");
        assertThat(agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + UUID.randomUUID() + "\"}")
                .status()).isEqualTo(404);

        String agentId = agentApi.postJson("/api/v1/agent/register",
                "{\"name\":\"a\",\"environment\":\"staging\",\"version\":\"1\"}").body().path("id").asString();
        assertProblem(agentApi.postJson("/api/v1/agent/tasks/lease", "{\"agent\":\"" + agentId
                + "\",\"waitSeconds\":31}"), 422, "/waitSeconds");
        assertProblem(agentApi.postJson("/api/v1/agent/tasks/lease", "{\"agent\":\"" + agentId + "\",\"max\":0}"),
                422, "/max");
        assertProblem(agentApi.postJson("/api/v1/agent/tasks/1/result", "{\"agent\":\"" + agentId + "\"}"),
                422, "/output");
        assertProblem(agentApi.postJson("/api/v1/agent/tasks/1/result", "{\"agent\":\"" + agentId
                + "\",\"error\":{\"message\":\"x\"}}"), 422, "/error/type");
        assertThat(agentApi.postJson("/api/v1/agent/tasks/1/result", "{\"agent\":\"" + agentId
                + "\",\"output\":{}}").status()).as("a task not leased to this agent").isEqualTo(409);
        assertThat(agentApi.postJson("/api/v1/agent/tasks/lease", "{\"agent\":\"" + agentId + "\"}").body()
                .path("tasks").size()).isZero();
        assertThat(tenant.admin().get("/api/v1/environments/nowhere/agent-tasks").status()).isEqualTo(404);
        assertProblem(agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + agentId
                + "\",\"tasks\":[1,null]}"), 422, "/tasks/1");
        assertProblem(agentApi.postJson("/api/v1/agent/heartbeat", "{\"agent\":\"" + agentId + "\",\"tasks\":"
                + java.util.stream.IntStream.range(0, 1_001).boxed().toList() + "}"), 422, "/tasks");
    }

    // ---- helpers

    Tenant newTenant() {
        String name = "agt-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = root.postJson("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api admin = root.as(created.body().at("/adminKey/key").asString());
        UUID id = UUID.fromString(created.body().at("/tenant/id").asString());
        Deploying.secret(admin, "db-password", "pw-" + id);
        String app = Deploying.newApp(admin);
        Api.Response revision = admin.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app))
                .send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        Deploying.deployActive(admin, app, revision.body().path("number").asInt(), "staging");
        return new Tenant(id, admin, Deploying.createKey(admin, "agent"), app);
    }

    AgentRuntime startAgent(Tenant owner, String name, ExecutorCatalog executors) throws Exception {
        return startAgent(owner, name, executors, Duration.ofSeconds(1));
    }

    AgentRuntime startAgent(Tenant owner, String name, ExecutorCatalog executors, Duration heartbeat)
            throws Exception {
        AgentRuntime agent = new AgentRuntime(new AgentSettings(URI.create("http://localhost:" + port),
                owner.agentKey(), "staging", name, 2, heartbeat, Duration.ofSeconds(2),
                Duration.ofSeconds(5)), executors);
        agent.start();
        agents.add(agent);
        return agent;
    }

    UUID startRun(Tenant owner) {
        Api.Response started = owner.admin().postJson("/api/v1/apps/" + owner.app()
                + "/workflows/lookup/runs?environment=staging", "{\"input\":{}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return UUID.fromString(started.body().path("id").asString());
    }

    JsonNode runOf(Tenant owner, UUID run) {
        return owner.admin().get("/api/v1/apps/" + owner.app() + "/runs/" + run).body();
    }

    JsonNode awaitStatus(Tenant owner, UUID run, String status) {
        await().atMost(Duration.ofSeconds(90)).until(() -> status.equals(runOf(owner, run).path("status").asString()));
        return runOf(owner, run);
    }

    /** The run's task in the environment's agent task list, or a missing node when there is none. */
    JsonNode taskOf(Tenant owner, UUID run) {
        for (JsonNode task : owner.admin().get("/api/v1/environments/staging/agent-tasks").body()) {
            if (task.path("runId").asString().equals(run.toString())) {
                return task;
            }
        }
        return Api.json("{}").path("none");
    }

    static void assertProblem(Api.Response response, int status, String pointer) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.pointers()).as(response.toString()).contains(pointer);
    }
}
