package dev.plinth.orchestrator.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code plinth.workflow.consumer.lag}: how many records of the engine's topics the engine and the
 * step workers have not consumed yet, per consumer group and topic — the queue in front of them.
 * Measured with the Kafka admin client every {@code plinth.workflow.lag-interval} (not on each
 * scrape, which would put a broker round trip into every Prometheus poll).
 */
class ConsumerLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final MeterRegistry registry;
    private final Map<String, String> groups;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

    /** @param groups consumer group → the topic it consumes */
    ConsumerLag(Admin admin, MeterRegistry registry, Map<String, String> groups) {
        this.admin = admin;
        this.registry = registry;
        this.groups = groups;
    }

    @Scheduled(initialDelayString = "${plinth.workflow.lag-interval:15s}",
            fixedDelayString = "${plinth.workflow.lag-interval:15s}")
    void measure() {
        groups.forEach((group, topic) -> {
            try {
                lag(group, topic).set(measure(group, topic));
            } catch (Exception failure) {
                log.debug("Could not measure the lag of consumer group {}: {}", group, failure.getMessage());
            }
        });
    }

    private long measure(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().stream().filter(partition -> partition.topic().equals(topic))
                .forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        if (latest.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition partition : List.copyOf(latest.keySet())) {
            OffsetAndMetadata position = committed.get(partition);
            if (position != null && ends.containsKey(partition)) {
                lag += Math.max(0, ends.get(partition).offset() - position.offset());
            }
        }
        return lag;
    }

    private AtomicLong lag(String group, String topic) {
        return lags.computeIfAbsent(group, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("plinth.workflow.consumer.lag", value, AtomicLong::get)
                    .description("Records of the engine's topics not yet consumed, by consumer group")
                    .tag("group", group).tag("topic", topic).register(registry);
            return value;
        });
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
