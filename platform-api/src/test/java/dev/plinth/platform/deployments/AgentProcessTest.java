package dev.plinth.platform.deployments;

import dev.plinth.platform.support.PlinthTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The {@code plinth-agent} executable as a real second JVM ({@code deploy-agent/target/plinth-agent.jar},
 * packaged by the reactor before these tests): it registers and takes a step routed to its
 * environment; killed with SIGKILL mid-step, the step waits again once its lease expires; the
 * agent restarted under the same name takes it again, and a SIGTERM while it runs lets the step
 * finish and report before the process exits.
 */
@PlinthTest
class AgentProcessTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              connectors:
                db: {type: echo}
              environments:
                staging:
                  runsOn: {db: agent}
              workflows:
                - name: slow
                  steps:
                    - {id: query, type: call, connector: db, with: {delayMs: 3000, id: 9}}
                    - {id: done, type: succeed, output: "${steps.query.output}"}
            """;

    static final Path JAR = Path.of("..", "deploy-agent", "target", "plinth-agent.jar");

    @LocalServerPort
    int port;

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAgents() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void anAgentProcessKilledMidStepLeavesItToTheRestartedAgentWhichFinishesItOnSigterm() throws Exception {
        assertThat(JAR).as("the agent jar, built by the reactor's package phase").exists();
        Api root = new Api(port, TestKeys.ROOT_ADMIN);
        Api.Response created = root.postJson("/api/v1/tenants",
                "{\"name\":\"agp-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api admin = root.as(created.body().at("/adminKey/key").asString());
        String app = Deploying.newApp(admin);
        Api.Response revision = admin.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app))
                .send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        Deploying.deployActive(admin, app, revision.body().path("number").asInt(), "staging");
        String agentKey = Deploying.createKey(admin, "agent");

        Process first = startAgent(agentKey, "first");
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/v1/agents").body().size() == 1
                && admin.get("/api/v1/agents").body().get(0).path("live").asBoolean());
        assertThat(admin.get("/api/v1/agents").body().get(0).path("version").asString())
                .as("the jar's version").isNotEqualTo("dev");

        Api.Response started = admin.postJson("/api/v1/apps/" + app + "/workflows/slow/runs?environment=staging",
                "{\"input\":{}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String run = started.body().path("id").asString();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.readString(log("first")).contains("delivery 1): running"));
        assertThat(task(admin, run).path("status").asString()).isEqualTo("leased");
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // Its lease expires with no result: the step waits again and the run has not failed.
        await().atMost(Duration.ofSeconds(60)).until(() -> "waiting".equals(task(admin, run).path("status")
                .asString()));
        assertThat(admin.get("/api/v1/apps/" + app + "/runs/" + run).body().path("status").asString())
                .isEqualTo("running");

        Process restarted = startAgent(agentKey, "second");
        // SIGTERM once the agent says it is running the step (its log), so the step is in flight.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.readString(log("second")).contains("delivery 2): running"));
        restarted.destroy();
        assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).as("the agent exits on SIGTERM").isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                admin.get("/api/v1/apps/" + app + "/runs/" + run).body().path("status").asString()));
        JsonNode finished = admin.get("/api/v1/apps/" + app + "/runs/" + run).body();
        assertThat(finished.at("/output/id").asInt()).as("finished by the stopping agent").isEqualTo(9);
        assertThat(admin.get("/api/v1/agents").body().size()).as("restarted under the same name: one agent")
                .isEqualTo(1);
    }

    Process startAgent(String key, String log) throws IOException {
        Path output = log(log);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString(), "--server",
                "http://localhost:" + port, "--environment", "staging", "--name", "office-agent", "--concurrency", "2")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PLINTH_AGENT_TOKEN", key);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    static Path log(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "agent-process")).resolve(name + ".log");
    }

    static JsonNode task(Api admin, String run) {
        for (JsonNode task : admin.get("/api/v1/environments/staging/agent-tasks").body()) {
            if (task.path("runId").asString().equals(run)) {
                return task;
            }
        }
        return Api.json("{}").path("none");
    }
}
