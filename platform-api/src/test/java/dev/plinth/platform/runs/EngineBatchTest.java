package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine applies the events of one poll in one transaction. An event that cannot be applied
 * (here: records that are not engine events at all, spread over every partition while runs are in
 * flight) must neither stop the runs whose events share its batch nor apply any of them twice.
 */
@PlinthTest
class EngineBatchTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ConsumerFactory<String, String> consumers;

    @Test
    void aPoisonedBatchNeitherStallsNorRepeatsTheOtherRunsEvents() throws Exception {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        api.createApp(app, """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {svc: {type: echo}}
                  workflows:
                    - name: five
                      steps:
                        - {id: s1, type: call, connector: svc, with: {n: 1}}
                        - {id: s2, type: call, connector: svc, with: {n: "${steps.s1.output.n + 1}"}}
                        - {id: s3, type: call, connector: svc, with: {n: "${steps.s2.output.n + 1}"}}
                        - {id: s4, type: call, connector: svc, with: {n: "${steps.s3.output.n + 1}"}}
                        - {id: s5, type: call, connector: svc, with: {n: "${steps.s4.output.n + 1}"}}
                      output: {n: "${steps.s5.output.n}"}
                """.formatted(app));

        double skippedBefore = skipped();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            runs.add(api.postJson("/api/v1/apps/" + app + "/workflows/five/runs", "{}").body().path("id").asString());
            if (i % 3 == 0) {
                // Keys spread over the partitions, so poisoned records land in batches with real events.
                kafka.send("plinth.workflow.events", UUID.randomUUID().toString(), "not an engine event {").get();
                kafka.send("plinth.workflow.events", UUID.randomUUID().toString(),
                        "{\"type\":\"result\",\"runId\":\"" + UUID.randomUUID() + "\",\"stepId\":\"s1\"}").get();
            }
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> runs.stream()
                .allMatch(id -> !"running".equals(run(api, app, id).path("status").asString())));
        for (String id : runs) {
            JsonNode run = run(api, app, id);
            assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
            assertThat(run.path("output").path("n").asInt()).isEqualTo(5);
            assertThat(attempts(api, app, id)).as("attempts per step of run " + id)
                    .isEqualTo(Map.of("s1", 1, "s2", 1, "s3", 1, "s4", 1, "s5", 1));
        }
        // The eight records that are not JSON are counted (again if their batch was applied twice); the
        // eight results for unknown runs are engine events, applied as nothing to do, not skipped.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(skipped() - skippedBefore).isGreaterThanOrEqualTo(8));
    }

    /**
     * The engine writes the attempts a batch dispatches in one statement before it commits, taking
     * each to be new. A repeated event that dispatches an attempt the run already had (here a retry
     * event delivered again after the attempt completed) must not send its task a second time: the
     * batch is rolled back and its events are applied one by one.
     */
    @Test
    void aRepeatedDispatchInABatchSendsItsTaskOnce() throws Exception {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "redispatch-" + UUID.randomUUID().toString().substring(0, 8);
        api.createApp(app, """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {svc: {type: echo}}
                  workflows:
                    - name: flaky
                      steps:
                        - id: s1
                          type: call
                          connector: svc
                          with: {failAttempts: 1}
                          retry: {maxAttempts: 2, backoff: fixed, initialDelay: PT0.1S}
                        - {id: hold, type: awaitSignal, signal: go, timeout: PT2M}
                        - {id: s2, type: call, connector: svc, with: {n: 2}}
                """.formatted(app));
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(api.postJson("/api/v1/apps/" + app + "/workflows/flaky/runs", "{}").body().path("id").asString());
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> runs.stream()
                .allMatch(id -> attempts(api, app, id).getOrDefault("hold", 0) == 1));

        // The repeated retries (and a repeated start each) reach the engine in one poll: it is paused
        // while they are sent.
        var engine = listeners.getListenerContainer("plinth-engine");
        engine.pause();
        await().atMost(Duration.ofSeconds(15)).until(engine::isContainerPaused);
        for (String id : runs) {
            kafka.send("plinth.workflow.events", id,
                    "{\"type\":\"retry\",\"runId\":\"" + id + "\",\"stepId\":\"s1\",\"attempt\":2}");
            kafka.send("plinth.workflow.events", id, "{\"type\":\"start\",\"runId\":\"" + id + "\"}");
        }
        kafka.flush();
        engine.resume();
        for (String id : runs) {
            api.postJson("/api/v1/apps/" + app + "/runs/" + id + "/signals/go", "{}");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> runs.stream()
                .allMatch(id -> "completed".equals(run(api, app, id).path("status").asString())));

        Map<String, Integer> tasks = new TreeMap<>();
        try (var consumer = consumers.createConsumer("engine-batch-test-" + UUID.randomUUID(), null)) {
            consumer.subscribe(List.of("plinth.workflow.tasks"));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    quietSince = System.nanoTime();
                    JsonNode task = JSON.readTree(record.value());
                    if (runs.contains(task.path("runId").asString())) {
                        tasks.merge(task.path("runId").asString() + " " + task.path("stepId").asString() + "#"
                                + task.path("attempt").asInt(), 1, Integer::sum);
                    }
                }
            }
        }
        for (String id : runs) {
            assertThat(attempts(api, app, id)).as("attempts per step of run " + id)
                    .isEqualTo(Map.of("s1", 2, "hold", 1, "s2", 1));
            assertThat(tasks).as("tasks sent for run " + id)
                    .containsEntry(id + " s1#1", 1).containsEntry(id + " s1#2", 1).containsEntry(id + " s2#1", 1);
        }
        assertThat(tasks).hasSize(3 * runs.size());
    }

    private static Map<String, Integer> attempts(Api api, String app, String id) {
        Map<String, Integer> attempts = new TreeMap<>();
        api.get("/api/v1/apps/" + app + "/runs/" + id + "/history").body().forEach(attempt ->
                attempts.merge(attempt.path("stepId").asString(), 1, Integer::sum));
        return attempts;
    }

    private double skipped() {
        return meters.get("plinth.workflow.events.skipped").counter().count();
    }

    @Test
    void theEngineCommitsOffsetsPeriodicallyWithoutWaiting() {
        // A redelivered engine event is ignored. (A redelivered task runs its step again: the step
        // workers commit a task only once its result is sent; StepWorkerTest in the orchestrator.)
        var engine = (ConcurrentMessageListenerContainer<?, ?>) listeners.getListenerContainer("plinth-engine");
        assertThat(engine.getContainers()).isNotEmpty()
                .allSatisfy(consumer -> {
                    assertThat(consumer.getContainerProperties().isSyncCommits()).isFalse();
                    assertThat(consumer.getContainerProperties().getAckMode()).isEqualTo(ContainerProperties.AckMode.TIME);
                });
    }

    private static JsonNode run(Api api, String app, String id) {
        return api.get("/api/v1/apps/" + app + "/runs/" + id).body();
    }
}
