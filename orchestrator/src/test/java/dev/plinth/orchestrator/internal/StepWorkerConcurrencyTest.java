package dev.plinth.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps one poll brings run at the same time: a step waiting on a slow API does not hold up the
 * steps polled with it. Each step here waits at a barrier for all the others of its poll, so it can
 * only pass if they all run at once; every result still reaches the events topic before the poll
 * returns (its offsets are committed after that).
 */
class StepWorkerConcurrencyTest {

    private static final int TASKS = 12;
    private static final String EVENTS = "worker-test-events";

    @TempDir
    static Path logs;

    static EmbeddedKafkaBroker broker;
    static DefaultKafkaProducerFactory<String, String> producers;

    @BeforeAll
    static void startKafka() {
        broker = EmbeddedKafkaBroker.start(logs, 0);
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    @AfterAll
    static void stopKafka() {
        producers.destroy();
        broker.close();
    }

    /** Passes only when all {@link #TASKS} of the poll wait at its barrier together. */
    static final class Rendezvous implements StepExecutor {
        final CyclicBarrier barrier = new CyclicBarrier(TASKS);
        final AtomicInteger passed = new AtomicInteger();

        @Override
        public String type() {
            return "rendezvous";
        }

        @Override
        public StepOutcome execute(StepInvocation invocation) {
            try {
                barrier.await(20, TimeUnit.SECONDS);
                passed.incrementAndGet();
                return StepOutcome.success(JsonMapper.shared().createObjectNode().put("step", invocation.stepId()));
            } catch (InterruptedException | BrokenBarrierException | TimeoutException alone) {
                return StepOutcome.failure("alone", "the steps of the poll did not run at the same time", false);
            }
        }
    }

    @Test
    void theStepsOfOnePollRunAtTheSameTimeAndAllTheirResultsAreSent() {
        JsonMapper json = JsonMapper.shared();
        Rendezvous rendezvous = new Rendezvous();
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(producers);
        List<ConsumerRecord<String, String>> poll = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String run = UUID.randomUUID().toString();
            runs.add(run);
            ObjectNode task = json.createObjectNode().put("runId", run).put("stepId", "s" + i).put("attempt", 1)
                    .put("tenantId", UUID.randomUUID().toString()).put("appId", UUID.randomUUID().toString())
                    .put("idempotencyKey", run + ":s" + i).put("connectorName", "r").put("operation", "");
            task.putObject("connector").put("type", "rendezvous");
            poll.add(new ConsumerRecord<>("worker-test-tasks", i % 8, i, run, json.writeValueAsString(task)));
        }
        try (StepWorker worker = new StepWorker(List.of(rendezvous), kafka, json, EVENTS, DataSize.ofMegabytes(1),
                EngineTracing.NONE, TASKS)) {
            worker.onTasks(poll);
        }
        assertThat(rendezvous.passed).as("steps that met all the others of their poll").hasValue(TASKS);

        List<JsonNode> results = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "worker-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (results.size() < TASKS && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> results.add(json.readTree(record.value())));
            }
        }
        assertThat(results).as("one result per task, on the events topic").hasSize(TASKS);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.path("type").asString()).isEqualTo("result");
            assertThat(result.path("errorType").isMissingNode()).as(result.toString()).isTrue();
        });
        assertThat(results.stream().map(result -> result.path("runId").asString())).containsExactlyInAnyOrderElementsOf(runs);
    }
}
