package dev.plinth.platform.triggers;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One {@code kafka} trigger of an app's current revision.
 *
 * @param cluster the {@code kafka} connector the trigger names (its declaration), or {@code null}
 *                for Plinth's own cluster
 */
record KafkaTrigger(UUID tenantId, UUID appId, String appName, int revision, String name, String workflow,
        String topic, JsonNode cluster) {

    /** Identifies a trigger across revisions. */
    record Key(UUID appId, String name) {
    }

    Key key() {
        return new Key(appId, name);
    }

    /** The consumer group: one per trigger, shared by every Plinth instance, so each record starts one run. */
    String groupId() {
        return "plinth-trigger-" + appId + "-" + name;
    }

    /**
     * What the consumer subscribes to. A new revision that keeps it only repoints the running
     * consumer at the new definition; a change restarts the consumer.
     */
    String subscription() {
        return topic + "@" + (cluster == null ? "plinth" : cluster.toString());
    }
}
