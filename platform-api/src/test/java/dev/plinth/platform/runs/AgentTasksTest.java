package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.orchestrator.AgentTasks;
import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.StepOutcome;
import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.registry.AppDirectory;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Steps whose connector runs on an environment's deploy agent: they wait in the agent task queue
 * (not on Kafka) until an agent leases them; an expired lease hands the task to the next agent;
 * the engine takes the result like a worker's. Connector overrides of the environment apply.
 */
@PlinthTest
class AgentTasksTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                db: {type: echo, table: orders}
              environments:
                staging:
                  runsOn: {db: agent}
                  connectors: {db: {table: staging_orders}}
              workflows:
                - name: lookup
                  steps:
                    - {id: find, type: call, connector: db, with: {id: 7}}
                    - {id: done, type: succeed, output: "${steps.find.output}"}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Workflows workflows;

    @Autowired
    AgentTasks agentTasks;

    @Autowired
    AppDirectory apps;

    Api api;
    String app;
    UUID tenant;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        tenant = UUID.fromString(api.get("/api/v1/me").body().at("/tenant/id").asString());
    }

    RunView start(String environment) {
        AppDirectory.Current current = apps.current(tenant, app);
        return workflows.start(new StartRun(tenant, current.app().id(), app, current.revision(), current.definition(),
                "lookup", JsonNodeFactory.instance.objectNode(), null, environment));
    }

    String status(UUID run) {
        return workflows.run(tenant, run).status();
    }

    List<AgentTasks.Pending> pendingFor(UUID run) {
        return agentTasks.pending(tenant, "staging", 1000).stream().filter(p -> p.runId().equals(run)).toList();
    }

    @Test
    void aStepMarkedForTheAgentWaitsForOneAndRunsWhereALeaseIsHeld() {
        UUID run = start("staging").id();
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(run).size() == 1);
        assertThat(status(run)).isEqualTo("running");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get("/actuator/prometheus").text())
                .contains("plinth_agent_tasks_waiting{").contains("environment=\"staging\""));

        List<AgentTasks.Lease> first = leaseOwn("agent-a", run, Duration.ofMillis(300));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).invocation().connector().path("table").asString())
                .as("the environment's connector override").isEqualTo("staging_orders");
        assertThat(first.get(0).invocation().idempotencyKey()).isEqualTo(run + ":find");

        // agent-a dies: its lease runs out and agent-b gets the same task, second delivery.
        List<AgentTasks.Lease> second = await().atMost(Duration.ofSeconds(30)).until(
                () -> leaseOwn("agent-b", run, Duration.ofMinutes(5)), leases -> !leases.isEmpty());
        assertThat(second.get(0).taskId()).isEqualTo(first.get(0).taskId());
        assertThat(second.get(0).delivery()).isEqualTo(2);
        assertThat(pendingFor(run).get(0).leasedBy()).isEqualTo("agent-b");

        assertThat(agentTasks.complete(tenant, first.get(0).taskId(), "agent-a",
                StepOutcome.success(JsonNodeFactory.instance.objectNode().put("late", true))))
                .as("a lease that passed to another agent").isFalse();
        assertThat(agentTasks.complete(tenant, second.get(0).taskId(), "agent-b",
                StepOutcome.success(JsonNodeFactory.instance.objectNode().put("row", "found")))).isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> status(run).equals("completed"));
        assertThat(workflows.run(tenant, run).output().path("row").asString()).isEqualTo("found");
        assertThat(pendingFor(run)).isEmpty();
    }

    @Test
    void outsideTheEnvironmentTheSameStepRunsInsidePlinth() {
        UUID run = start(null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(run).equals("completed"));
        assertThat(workflows.run(tenant, run).output().path("id").asInt()).as("echoed by Plinth's own worker")
                .isEqualTo(7);
        assertThat(pendingFor(run)).isEmpty();
    }

    @Test
    void cancellingARunWithdrawsItsAgentTasks() {
        UUID run = start("staging").id();
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(run).size() == 1);
        workflows.cancel(tenant, run);
        assertThat(pendingFor(run)).isEmpty();
    }

    @Test
    void anotherTenantsAgentSeesNothing() {
        UUID run = start("staging").id();
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(run).size() == 1);
        assertThat(agentTasks.lease(UUID.randomUUID(), "staging", "intruder", 100, Duration.ofMinutes(1))).isEmpty();
        workflows.cancel(tenant, run);
    }

    /** Leases tasks for this environment and keeps only this test's run's (other tests share the queue). */
    List<AgentTasks.Lease> leaseOwn(String agent, UUID run, Duration leaseFor) {
        return agentTasks.lease(tenant, "staging", agent, 100, leaseFor).stream()
                .filter(lease -> lease.invocation().runId().equals(run)).toList();
    }
}
