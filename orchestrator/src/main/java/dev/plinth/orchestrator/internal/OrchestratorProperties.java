package dev.plinth.orchestrator.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka topology and capacity of the workflow engine.
 *
 * @param tasksTopic        topic of step tasks, consumed by workers (keyed by run id)
 * @param eventsTopic       topic of engine events: starts, step results, fired timers (keyed by run id)
 * @param partitions        partitions of both topics when Plinth creates them
 * @param replicationFactor replication of both topics when Plinth creates them (1 for a single broker)
 * @param workerConcurrency consumer threads taking step tasks in this instance. One is the default:
 *                          steps that may wait run on the worker pool, not on the consumer's thread,
 *                          so one consumer keeps up, and with all of the instance's partitions it
 *                          fetches larger batches (workflow benchmark at concurrency 64, alternated:
 *                          1,871 and 2,307 steps/s with one consumer, 1,748 and 1,371 with four);
 *                          more instances share the partitions
 * @param workerThreads     threads running the steps that may wait (HTTP, SQL, LLM …) side by side,
 *                          up to this many at once per instance; while all are busy the task
 *                          consumers pause
 * @param engineConcurrency consumer threads applying engine events in this instance; one thread
 *                          takes all of the instance's partitions, so each poll brings a larger batch
 *                          applied in one transaction (in the workflow benchmark at concurrency 64,
 *                          back to back: 608 steps/s at 2.8 ms of CPU per no-op step with one, 539
 *                          at 3.6 ms with two)
 * @param relayInterval     how often the outbox relay sweeps the outbox for records whose hand-over
 *                          was lost (a crashed instance's, a failed send's); records of committed
 *                          transactions are handed to the relay and sent at once
 * @param relaySweepAge     how old a record must be before a sweep takes it: younger ones are still
 *                          on their way through their own instance's relay
 * @param maxForEachItems   the most items one forEach step may iterate over (each is a child run)
 * @param maxStepOutput     the largest output a step may produce (serialized JSON); a larger one
 *                          fails the step with {@code output-too-large} instead of bloating the run
 * @param inlineOutputLimit step outputs larger than this are stored once and referenced from the
 *                          attempt and the run's state instead of being copied into them
 * @param payloadCache      memory for recently used stored outputs
 * @param stepLease         how long a dispatched step attempt without its own {@code timeout} may
 *                          go without a result before the engine presumes its worker dead and
 *                          dispatches the step again (a new attempt, same idempotency key)
 * @param historyRetention  how long ended runs are kept for apps whose definition sets no
 *                          {@code spec.memory.retention.runs}; unset keeps them
 */
@ConfigurationProperties("plinth.workflow")
public record OrchestratorProperties(
        @DefaultValue("plinth.workflow.tasks") String tasksTopic,
        @DefaultValue("plinth.workflow.events") String eventsTopic,
        @DefaultValue("8") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("1") int workerConcurrency,
        @DefaultValue("32") int workerThreads,
        @DefaultValue("1") int engineConcurrency,
        @DefaultValue("1s") Duration relayInterval,
        @DefaultValue("5s") Duration relaySweepAge,
        @DefaultValue("10000") int maxForEachItems,
        @DefaultValue("1MB") org.springframework.util.unit.DataSize maxStepOutput,
        @DefaultValue("5m") Duration stepLease,
        @DefaultValue("64KB") org.springframework.util.unit.DataSize inlineOutputLimit,
        @DefaultValue("64MB") org.springframework.util.unit.DataSize payloadCache,
        Duration historyRetention) {
}
