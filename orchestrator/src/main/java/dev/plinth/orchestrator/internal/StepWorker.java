package dev.plinth.orchestrator.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Executes step tasks from Kafka with the executor of the connector's type and reports the outcome
 * as an engine event. The result is sent before the task's offset is committed: a worker that dies
 * in between has its task redelivered and executed again, with the same idempotency key.
 * <p>
 * The steps of one poll that may wait (an HTTP API, an LLM, a database: see
 * {@link StepExecutor#blocks}) run at the same time, on a pool of
 * {@code plinth.workflow.worker-threads}, so one slow step does not hold up the steps polled with
 * it (one after the other, a consumer ran one step at a time, so an instance ran at most
 * {@code worker-concurrency} slow steps at once, whatever a forEach or parallel step asked for).
 * Steps that do not wait, and a poll's only step, run on the consumer's thread: handing a no-op
 * to another thread cost more than the step (workflow benchmark at concurrency 64, no-op steps
 * all on the pool: Plinth CPU per step 1.0 -> 1.46 ms). The next poll of a consumer still waits
 * for the slowest step of the last one.
 */
class StepWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StepWorker.class);

    private final Map<String, StepExecutor> executors;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final String eventsTopic;
    private final org.springframework.util.unit.DataSize maxOutput;
    private final EngineTracing tracing;
    private final ExecutorService pool;
    private volatile boolean closed;

    StepWorker(java.util.List<StepExecutor> executors, KafkaTemplate<String, String> kafka, JsonMapper json,
            String eventsTopic, org.springframework.util.unit.DataSize maxOutput, EngineTracing tracing, int threads) {
        this.tracing = tracing;
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
    }

    @KafkaListener(id = "plinth-workers", groupId = "plinth-workers", topics = "${plinth.workflow.tasks-topic:plinth.workflow.tasks}",
            concurrency = "${plinth.workflow.worker-concurrency:4}", batch = "true")
    void onTasks(List<ConsumerRecord<String, String>> records) {
        // Each result is sent as soon as its step has run, without waiting for the broker; the acks
        // are awaited once for the whole poll, before its offsets are committed — so a worker that
        // dies in between has the tasks redelivered (and executed again, same idempotency key), and
        // none of them is acknowledged without its result having reached Kafka. Steps that may wait
        // run on the pool, side by side; the others, and a poll's only step, on this thread.
        // Each task is read once; one that cannot be read fails at its position.
        List<CompletableFuture<?>> sent = new ArrayList<>(records.size());
        List<JsonNode> tasks = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            JsonNode task = read(record);
            tasks.add(task);
            sent.add(task != null && records.size() > 1 && blocks(task)
                    ? CompletableFuture.supplyAsync(() -> run(record, task), pool).thenCompose(result -> result)
                    : null);
        }
        for (int index = 0; index < records.size(); index++) {
            if (sent.get(index) == null) {
                sent.set(index, runHere(records.get(index), tasks.get(index)));
            }
        }
        for (int index = 0; index < sent.size(); index++) {
            try {
                awaitOutcome(sent.get(index));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new BatchListenerFailedException("Interrupted while reporting step results", interrupted, index);
            } catch (ExecutionException failure) {
                throw new BatchListenerFailedException("Running or reporting the task at " + records.get(index).key()
                        + "@" + records.get(index).offset() + " failed", failure.getCause(), index);
            }
        }
    }

    private JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Whether the task's step may wait (see {@link StepExecutor#blocks}). */
    private boolean blocks(JsonNode task) {
        StepExecutor executor = executors.get(task.path("connector").path("type").asString());
        return executor != null && executor.blocks(task.path("parameters"));
    }

    private CompletableFuture<?> runHere(ConsumerRecord<String, String> record, JsonNode task) {
        if (task == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("The task at " + record.key() + "@"
                    + record.offset() + " is not JSON"));
        }
        try {
            return run(record, task);
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    /**
     * Waits for a task's result to be sent. No time limit for the step itself (its own timeout and
     * lease bound it; the send's is Kafka's delivery timeout), but not past the worker's close: a
     * task the closed pool never ran would otherwise keep the consumer waiting for ever.
     */
    private void awaitOutcome(CompletableFuture<?> outcome) throws InterruptedException, ExecutionException {
        while (true) {
            try {
                outcome.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                if (closed) {
                    throw new ExecutionException(new IllegalStateException("The step worker was closed"));
                }
            }
        }
    }

    /**
     * Stops the pool once the listener containers have stopped: steps still running get a few
     * seconds to finish, then are interrupted (their tasks were not committed, so they run again
     * elsewhere).
     */
    @Override
    public void close() {
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

    private CompletableFuture<?> run(ConsumerRecord<String, String> record, JsonNode task) {
        // The step runs in its own span, a child of the engine transition that dispatched it, so a
        // connector's own calls (HTTP, SQL) nest under it and the result carries the trace on.
        return tracing.inSpan("plinth.workflow.step", Kafka.headers(record),
                Map.of("plinth.run", record.key(), "plinth.step", task.path("stepId").asString(),
                        "plinth.connector", task.path("connector").path("type").asString()),
                () -> report(task, limited(execute(task))));
    }

    private CompletableFuture<?> report(JsonNode task, StepOutcome outcome) {
        ObjectNode result = resultEvent(UUID.fromString(task.path("runId").asString()), task.path("stepId").asString(),
                task.path("attempt").asInt(), outcome);
        return kafka.send(Kafka.record(eventsTopic, task.path("runId").asString(), json.writeValueAsString(result),
                tracing.current()));
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
