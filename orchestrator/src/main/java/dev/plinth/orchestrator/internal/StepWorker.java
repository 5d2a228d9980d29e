package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Executes step tasks from Kafka with the executor of the connector's type and reports the outcome
 * as an engine event. A task's offset is committed only once its result has reached Kafka: a worker
 * that dies in between has the task redelivered and executed again, with the same idempotency key.
 * <p>
 * {@code plinth.workflow.worker-concurrency} consumers ({@link TaskConsumer}) take the tasks. A step
 * that may wait (an HTTP API, an LLM, a database: see {@link StepExecutor#blocks}) runs on a pool of
 * {@code plinth.workflow.worker-threads} and the consumer polls on at once, so a slow step holds up
 * neither the steps polled with it nor those behind it on its partitions; each partition's offset
 * advances to its oldest step still running. When every pool thread is busy the consumers pause
 * until one is free, so tasks wait in Kafka (where another instance can take them), not in memory.
 * Steps that do not wait run on the consumer's thread: handing a no-op to another thread cost more
 * than the step (workflow benchmark at concurrency 64, no-op steps all on the pool: Plinth CPU per
 * step 1.0 -> 1.46 ms).
 */
class StepWorker implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StepWorker.class);

    /** The group of the step consumers; {@link ConsumerLag} reports its lag. */
    static final String GROUP = "plinth-workers";

    private final Map<String, StepExecutor> executors;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final String eventsTopic;
    private final org.springframework.util.unit.DataSize maxOutput;
    private final EngineTracing tracing;
    private final ExecutorService pool;
    private final int threads;
    private final AtomicInteger running = new AtomicInteger();
    private final ConsumerFactory<String, String> consumers;
    private final String tasksTopic;
    private final int consumerCount;
    private final List<TaskConsumer> taskConsumers = new ArrayList<>();
    private volatile boolean closed;

    StepWorker(java.util.List<StepExecutor> executors, KafkaTemplate<String, String> kafka, JsonMapper json,
            String eventsTopic, org.springframework.util.unit.DataSize maxOutput, EngineTracing tracing, int threads,
            ConsumerFactory<String, String> consumers, String tasksTopic, int consumerCount) {
        this.tracing = tracing;
        this.threads = threads;
        AtomicInteger named = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "plinth-step-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executors = executors.stream().collect(Collectors.toMap(StepExecutor::type, Function.identity()));
        this.kafka = kafka;
        this.json = json;
        this.eventsTopic = eventsTopic;
        this.maxOutput = maxOutput;
        this.consumers = consumers;
        this.tasksTopic = tasksTopic;
        this.consumerCount = consumerCount;
    }

    /** Meters of the pool: steps running or queued on it, and its size. */
    void register(MeterRegistry registry) {
        Gauge.builder("plinth.workflow.worker.steps.running", running, AtomicInteger::get)
                .description("Steps that may wait running (or about to run) on this instance's worker pool")
                .register(registry);
        Gauge.builder("plinth.workflow.worker.threads", () -> threads)
                .description("Size of this instance's worker pool (plinth.workflow.worker-threads)").register(registry);
    }

    @Override
    public synchronized void start() {
        if (!taskConsumers.isEmpty() || closed) {
            return;
        }
        Properties settings = new Properties();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        for (int index = 0; index < consumerCount; index++) {
            taskConsumers.add(TaskConsumer.start(consumers.createConsumer(GROUP, null, "-worker-" + index, settings),
                    tasksTopic, this, "plinth-workers-" + index));
        }
    }

    /**
     * Stops the consumers (each waits a few seconds for its running steps, commits what is done and
     * leaves the group), then the pool: steps still running are interrupted; their tasks were not
     * committed, so they run again elsewhere.
     */
    @Override
    public synchronized void stop() {
        taskConsumers.forEach(TaskConsumer::stop);
        taskConsumers.forEach(TaskConsumer::join);
        taskConsumers.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !taskConsumers.isEmpty();
    }

    /**
     * Stops in the phase of the Kafka listener containers, so before the beans are destroyed and
     * with them the producer its steps' results are sent with.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    @Override
    public void close() {
        stop();
        closed = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every pool thread has a step: the consumers pause until one is free. */
    boolean saturated() {
        return running.get() >= threads;
    }

    /**
     * Starts a task's step: on the pool when it may wait, here otherwise. The future completes once
     * the result has reached Kafka and fails only when it could not be sent (the task is then taken
     * again). A task that cannot be run at all — not JSON, not a task — is skipped with a warning:
     * taking it again would fail again and hold up its partition for good. A send that fails is
     * never taken for such a task: it fails the future, whether Kafka refuses at once or later.
     */
    CompletableFuture<?> dispatch(ConsumerRecord<String, String> record) {
        JsonNode task = read(record);
        if (task == null) {
            log.warn("Skipped the record at {}-{}@{} (key {}): not a step task", record.topic(), record.partition(),
                    record.offset(), record.key());
            return CompletableFuture.completedFuture(null);
        }
        if (!blocks(task)) {
            return runOrSkip(record, task);
        }
        running.incrementAndGet();
        try {
            return CompletableFuture.supplyAsync(() -> runOrSkip(record, task), pool)
                    .thenCompose(sent -> sent)
                    .whenComplete((sent, failure) -> running.decrementAndGet());
        } catch (RejectedExecutionException closing) {
            running.decrementAndGet();
            return CompletableFuture.failedFuture(closing);
        }
    }

    private CompletableFuture<?> runOrSkip(ConsumerRecord<String, String> record, JsonNode task) {
        ProducerRecord<String, String> result;
        try {
            result = run(record, task);
        } catch (RuntimeException unrunnable) {
            log.warn("Skipped the task at {}-{}@{} (key {}): it cannot be run", record.topic(), record.partition(),
                    record.offset(), record.key(), unrunnable);
            return CompletableFuture.completedFuture(null);
        }
        try {
            return kafka.send(result);
        } catch (RuntimeException unsent) {
            return CompletableFuture.failedFuture(unsent);
        }
    }

    private JsonNode read(ConsumerRecord<String, String> record) {
        try {
            JsonNode task = json.readTree(record.value());
            return task != null && task.isObject() ? task : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Whether the task's step may wait (see {@link StepExecutor#blocks}). */
    private boolean blocks(JsonNode task) {
        StepExecutor executor = executors.get(task.path("connector").path("type").asString());
        return executor != null && executor.blocks(task.path("parameters"));
    }

    /** Runs the task's step and returns the record that reports its outcome. */
    private ProducerRecord<String, String> run(ConsumerRecord<String, String> record, JsonNode task) {
        // The step runs in its own span, a child of the engine transition that dispatched it, so a
        // connector's own calls (HTTP, SQL) nest under it and the result carries the trace on.
        return tracing.inSpan("plinth.workflow.step", Kafka.headers(record),
                Map.of("plinth.run", record.key(), "plinth.step", task.path("stepId").asString(),
                        "plinth.connector", task.path("connector").path("type").asString()),
                () -> report(task, limited(execute(task))));
    }

    private ProducerRecord<String, String> report(JsonNode task, StepOutcome outcome) {
        ObjectNode result = resultEvent(UUID.fromString(task.path("runId").asString()), task.path("stepId").asString(),
                task.path("attempt").asInt(), outcome);
        return Kafka.record(eventsTopic, task.path("runId").asString(), json.writeValueAsString(result),
                tracing.current());
    }

    /** The engine event that reports an attempt's outcome. */
    static ObjectNode resultEvent(UUID runId, String stepId, int attempt, StepOutcome outcome) {
        ObjectNode result = Advancer.event("result", runId, stepId, attempt);
        if (outcome.succeeded()) {
            result.set("output", outcome.output());
        } else {
            result.put("errorType", outcome.errorType()).put("errorMessage", outcome.errorMessage())
                    .put("retryable", outcome.retryable());
        }
        return result;
    }

    /** An output over the limit fails the step clearly, instead of bloating the run's state and every record after it. */
    private StepOutcome limited(StepOutcome outcome) {
        if (!outcome.succeeded() || outcome.output() == null) {
            return outcome;
        }
        int size = json.writeValueAsBytes(outcome.output()).length;
        if (size <= maxOutput.toBytes()) {
            return outcome;
        }
        return StepOutcome.failure("output-too-large", "The step's output is " + size + " bytes; the limit is "
                + maxOutput.toBytes() + " bytes (plinth.workflow.max-step-output)", false);
    }

    private StepOutcome execute(JsonNode task) {
        String type = task.path("connector").path("type").asString();
        StepExecutor executor = executors.get(type);
        if (executor == null) {
            return StepOutcome.failure("unsupported-connector",
                    "No executor for connector type '" + type + "' in this Plinth installation", false);
        }
        StepInvocation invocation = new StepInvocation(UUID.fromString(task.path("tenantId").asString()),
                UUID.fromString(task.path("appId").asString()), UUID.fromString(task.path("runId").asString()),
                task.path("stepId").asString(), task.path("attempt").asInt(), task.path("idempotencyKey").asString(),
                task.path("connectorName").asString(), task.path("connector"), task.path("operation").asString(),
                task.path("parameters"), task.path("appName").asString(null), task.path("environment").asString(null));
        try {
            StepOutcome outcome = executor.execute(invocation);
            return outcome == null ? StepOutcome.success(null) : outcome;
        } catch (RuntimeException failure) {
            log.warn("Executor {} failed on step {} of run {}", type, invocation.stepId(), invocation.runId(), failure);
            return StepOutcome.failure("executor-error", "The " + type + " executor failed: " + failure.getMessage(),
                    true);
        }
    }
}
