package dev.plinth.platform.triggers;

import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.registry.RevisionPublished;
import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps one consumer per {@code kafka} trigger of every app's latest revision: started when a
 * revision adds a trigger, repointed at the new definition when a revision keeps it, stopped
 * when a revision drops it or changes its topic or cluster. Reconciles right after a revision is
 * published on this instance and periodically (other instances' submissions, deleted apps).
 * Every instance consumes in the trigger's one consumer group, so a record starts one run.
 */
class KafkaTriggers {

    private static final Logger log = LoggerFactory.getLogger(KafkaTriggers.class);

    private record Running(String subscription, ConcurrentMessageListenerContainer<String, String> container,
            KafkaTriggerListener listener) {
    }

    private final KafkaTriggerStore store;
    private final TriggerConsumers consumers;
    private final Workflows workflows;
    private final JsonMapper json;
    private final Map<KafkaTrigger.Key, Running> running = new HashMap<>();
    private boolean stopped;

    KafkaTriggers(KafkaTriggerStore store, TriggerConsumers consumers, Workflows workflows, JsonMapper json) {
        this.store = store;
        this.consumers = consumers;
        this.workflows = workflows;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        reconcileQuietly();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onRevision(RevisionPublished published) {
        reconcileQuietly();
    }

    @Scheduled(fixedDelayString = "${plinth.triggers.kafka.reconcile-interval:5s}",
            initialDelayString = "${plinth.triggers.kafka.reconcile-interval:5s}")
    void periodically() {
        reconcileQuietly();
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException failure) {
            log.warn("Reconciling Kafka triggers failed; the next attempt retries: {}", failure.getMessage());
        }
    }

    synchronized void reconcile() {
        if (stopped) {
            return;
        }
        Map<KafkaTrigger.Key, KafkaTrigger> desired = store.current().stream()
                .collect(Collectors.toMap(KafkaTrigger::key, Function.identity(), (first, second) -> first));
        running.entrySet().removeIf(entry -> {
            KafkaTrigger wanted = desired.get(entry.getKey());
            if (wanted != null && wanted.subscription().equals(entry.getValue().subscription())) {
                return false;
            }
            entry.getValue().container().stop();
            return true;
        });
        for (KafkaTrigger trigger : desired.values()) {
            Running current = running.get(trigger.key());
            if (current == null) {
                start(trigger);
            } else if (!current.listener().pinned().trigger().equals(trigger)) {
                var definition = store.definition(trigger.appId(), trigger.revision());
                if (definition != null) {
                    current.listener().repin(new KafkaTriggerListener.Pinned(trigger, definition));
                }
            }
        }
    }

    private void start(KafkaTrigger trigger) {
        var definition = store.definition(trigger.appId(), trigger.revision());
        if (definition == null) {
            return;
        }
        try {
            KafkaTriggerListener listener = new KafkaTriggerListener(
                    new KafkaTriggerListener.Pinned(trigger, definition), workflows, json);
            ContainerProperties properties = new ContainerProperties(trigger.topic());
            properties.setGroupId(trigger.groupId());
            properties.setClientId("plinth-trigger-" + trigger.name());
            properties.setMessageListener(listener);
            ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
                    consumers.factory(trigger), properties);
            container.setBeanName(trigger.groupId());
            // A failed start (database briefly away) is retried on the same record until it passes:
            // records are never dropped for an infrastructure failure.
            container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1_000L,
                    FixedBackOff.UNLIMITED_ATTEMPTS)));
            container.start();
            running.put(trigger.key(), new Running(trigger.subscription(), container, listener));
        } catch (TriggerConsumers.ClusterUnavailable | org.apache.kafka.common.KafkaException failure) {
            log.warn("Kafka trigger '{}' of app '{}' cannot consume '{}' yet: {}", trigger.name(), trigger.appName(),
                    trigger.topic(), failure.getMessage());
        }
    }

    /** The triggers this instance consumes for, with their topics, for tests and operators. */
    synchronized Map<KafkaTrigger.Key, String> active() {
        return running.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue().subscription()));
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        List<Running> all = List.copyOf(running.values());
        running.clear();
        all.forEach(r -> r.container().stop());
    }
}
