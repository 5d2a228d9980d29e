package dev.plinth.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Step workers against a real (embedded) Kafka broker: steps that may wait run side by side, a slow
 * one holds up neither the tasks polled with it nor those behind it, a partition's committed offset
 * never passes a task whose result has not been sent, a full pool pauses the consumer, and a task
 * left unfinished by a stopped worker runs again on the next.
 */
class StepWorkerTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    static Path logs;

    static EmbeddedKafkaBroker broker;
    static DefaultKafkaProducerFactory<String, String> producers;
    static Admin admin;

    @BeforeAll
    static void startKafka() {
        broker = EmbeddedKafkaBroker.start(logs, 0);
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() {
        admin.close();
        producers.destroy();
        broker.close();
    }

    /** Steps that wait for a gate the test opens, counting how many started and finished. */
    static final class Gated implements StepExecutor {
        final String type;
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final Set<String> finished = ConcurrentHashMap.newKeySet();

        Gated(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public StepOutcome execute(StepInvocation invocation) {
            started.incrementAndGet();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    return StepOutcome.failure("gate", "the test never opened the gate", false);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return StepOutcome.failure("interrupted", "the worker stopped", true);
            }
            finished.add(invocation.stepId());
            return StepOutcome.success(JSON.createObjectNode().put("step", invocation.stepId()));
        }
    }

    /** Passes only when {@code parties} steps wait at its barrier together. */
    static final class Rendezvous implements StepExecutor {
        final CyclicBarrier barrier;
        final AtomicInteger passed = new AtomicInteger();

        Rendezvous(int parties) {
            barrier = new CyclicBarrier(parties);
        }

        @Override
        public String type() {
            return "rendezvous";
        }

        @Override
        public StepOutcome execute(StepInvocation invocation) {
            try {
                barrier.await(20, TimeUnit.SECONDS);
                passed.incrementAndGet();
                return StepOutcome.success(JSON.createObjectNode().put("step", invocation.stepId()));
            } catch (InterruptedException | BrokenBarrierException | TimeoutException alone) {
                return StepOutcome.failure("alone", "the steps did not run at the same time", false);
            }
        }
    }

    @Test
    void stepsThatMayWaitRunSideBySideAndEveryResultIsSent() throws Exception {
        String topic = topic(8);
        String events = topic + "-events";
        int tasks = 12;
        Rendezvous rendezvous = new Rendezvous(tasks);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            runs.add(send(topic, "rendezvous", "s" + i));
        }
        try (StepWorker worker = worker(topic, events, tasks, 1, rendezvous)) {
            List<JsonNode> results = results(events, tasks);
            assertThat(rendezvous.passed).as("steps that met all the others").hasValue(tasks);
            assertThat(results).allSatisfy(result -> {
                assertThat(result.path("type").asString()).isEqualTo("result");
                assertThat(result.path("errorType").isMissingNode()).as(result.toString()).isTrue();
            });
            assertThat(results.stream().map(result -> result.path("runId").asString()))
                    .containsExactlyInAnyOrderElementsOf(runs);
            await().atMost(Duration.ofSeconds(10)).until(() -> committedTotal(topic) == tasks);
        }
    }

    @Test
    void aSlowStepHoldsUpNeitherTheTasksBehindItNorLetsItsPartitionsOffsetPassIt() throws Exception {
        String topic = topic(1);
        String events = topic + "-events";
        Gated slow = new Gated("slow");
        Gated quick = new Gated("quick");
        quick.gate.countDown();
        send(topic, "slow", "slow");
        for (int i = 0; i < 5; i++) {
            send(topic, "quick", "q" + i);
        }
        try (StepWorker worker = worker(topic, events, 4, 1, slow, quick)) {
            // The five tasks behind the slow one, on the same partition and consumer, finish while it waits.
            List<JsonNode> first = results(events, 5);
            assertThat(first).extracting(result -> result.path("stepId").asString())
                    .containsExactlyInAnyOrder("q0", "q1", "q2", "q3", "q4");
            assertThat(slow.started).hasValue(1);
            assertThat(slow.finished).isEmpty();
            // Their offsets are not committed past the unfinished task: a crash now would redeliver it.
            Thread.sleep(500);
            assertThat(committed(topic, 0)).as("committed offset while the first task runs").isIn(0L, null);

            slow.gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(6).equals(committed(topic, 0)));
            assertThat(slow.finished).containsExactly("slow");
        }
    }

    @Test
    void aFullPoolPausesTheConsumerUntilAThreadIsFree() throws Exception {
        String topic = topic(1);
        String events = topic + "-events";
        Gated slow = new Gated("slow");
        Instant instant = new Instant();
        send(topic, "slow", "a");
        send(topic, "slow", "b");
        try (StepWorker worker = worker(topic, events, 2, 1, slow, instant)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> slow.started.get() == 2);
            // Both pool threads are taken: the consumer stops fetching. A step that would run on the
            // consumer's own thread at once shows it: it does not run until a thread is free.
            Thread.sleep(200);
            String late = send(topic, "instant", "late");
            Thread.sleep(1_000);
            assertThat(instant.ran).as("steps run while the pool was full").isEmpty();
            slow.gate.countDown();
            List<JsonNode> all = results(events, 3);
            assertThat(all).extracting(result -> result.path("runId").asString()).contains(late);
            assertThat(instant.ran).containsExactly("late");
            await().atMost(Duration.ofSeconds(10)).until(() -> !worker.saturated());
        }
    }

    /** Steps that do not wait: they run on the consumer's thread. */
    static final class Instant implements StepExecutor {
        final Set<String> ran = ConcurrentHashMap.newKeySet();

        @Override
        public String type() {
            return "instant";
        }

        @Override
        public boolean blocks(JsonNode parameters) {
            return false;
        }

        @Override
        public StepOutcome execute(StepInvocation invocation) {
            ran.add(invocation.stepId());
            return StepOutcome.success(null);
        }
    }

    @Test
    void aTaskLeftUnfinishedByAStoppedWorkerRunsAgainOnTheNextAndUnreadableRecordsAreSkipped() throws Exception {
        String topic = topic(1);
        String events = topic + "-events";
        new KafkaTemplate<>(producers).send(topic, "not-a-run", "this is not JSON").get(10, TimeUnit.SECONDS);
        send(topic, "stuck", "stuck");
        send(topic, "quick", "after");
        Gated stuck = new Gated("stuck");
        Gated quick = new Gated("quick");
        quick.gate.countDown();
        StepWorker first = worker(topic, events, 4, 1, stuck, quick);
        try {
            results(events, 1);
            assertThat(quick.finished).containsExactly("after");
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1).equals(committed(topic, 0)));
        } finally {
            first.close(); // waits a few seconds for the stuck step, then gives up on it
        }
        assertThat(committed(topic, 0)).as("the unreadable record is behind, the stuck task is not").isEqualTo(1L);

        Gated healthy = new Gated("stuck");
        healthy.gate.countDown();
        try (StepWorker second = worker(topic, events, 4, 1, healthy, quick)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.finished.contains("stuck"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(3).equals(committed(topic, 0)));
        }
    }

    @Test
    void aResultKafkaRefusesIsNotCommittedPastAndItsTaskIsTakenAgain() throws Exception {
        String topic = topic(1);
        String events = topic + "-events";
        // This worker's producer refuses records over 2 KB; the step's result is 4 KB (under the
        // worker's own output limit, so it is a send that fails, not a step).
        var small = new DefaultKafkaProducerFactory<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2048));
        AtomicInteger runs = new AtomicInteger();
        StepExecutor bulky = new StepExecutor() {
            @Override
            public String type() {
                return "bulky";
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                runs.incrementAndGet();
                return StepOutcome.success(JSON.createObjectNode().put("blob", "x".repeat(4096)));
            }
        };
        send(topic, "bulky", "big");
        try (StepWorker worker = worker(topic, events, 2, 1, new KafkaTemplate<>(small), bulky)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 3);
            assertThat(committed(topic, 0)).as("a task whose result never reached Kafka is not committed")
                    .isIn(0L, null);
        } finally {
            small.destroy();
        }
    }

    private static StepWorker worker(String topic, String events, int threads, int consumers, StepExecutor... executors) {
        return worker(topic, events, threads, consumers, new KafkaTemplate<>(producers), executors);
    }

    private static StepWorker worker(String topic, String events, int threads, int consumers,
            KafkaTemplate<String, String> kafka, StepExecutor... executors) {
        var consumerFactory = new DefaultKafkaConsumerFactory<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        StepWorker worker = new StepWorker(List.of(executors), kafka, JSON, events,
                DataSize.ofMegabytes(1), EngineTracing.NONE, threads, consumerFactory, topic, consumers);
        worker.start();
        return worker;
    }

    private static final AtomicInteger topics = new AtomicInteger();

    private static String topic(int partitions) throws Exception {
        String name = "worker-test-" + topics.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    /** Sends a task for a new run (its id returned), keyed like the engine's: by run id. */
    private static String send(String topic, String type, String stepId) throws Exception {
        String run = UUID.randomUUID().toString();
        ObjectNode task = JSON.createObjectNode().put("runId", run).put("stepId", stepId).put("attempt", 1)
                .put("tenantId", UUID.randomUUID().toString()).put("appId", UUID.randomUUID().toString())
                .put("idempotencyKey", run + ":" + stepId).put("connectorName", type).put("operation", "");
        task.putObject("connector").put("type", type);
        new KafkaTemplate<>(producers).send(new ProducerRecord<>(topic, run, JSON.writeValueAsString(task)))
                .get(10, TimeUnit.SECONDS);
        return run;
    }

    /** The first {@code count} results on the events topic (read from the start), waiting up to 30 s. */
    private static List<JsonNode> results(String events, int count) {
        List<JsonNode> results = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(events));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (results.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> results.add(JSON.readTree(record.value())));
            }
        }
        assertThat(results).as("results on " + events).hasSizeGreaterThanOrEqualTo(count);
        return results.subList(0, count);
    }

    private static Long committed(String topic, int partition) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(StepWorker.GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return Optional.ofNullable(offsets.get(new TopicPartition(topic, partition))).map(OffsetAndMetadata::offset)
                .orElse(null);
    }

    private static long committedTotal(String topic) throws Exception {
        return admin.listConsumerGroupOffsets(StepWorker.GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic))
                .mapToLong(entry -> entry.getValue().offset()).sum();
    }
}
