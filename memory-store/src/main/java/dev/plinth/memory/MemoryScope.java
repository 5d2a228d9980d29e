package dev.plinth.memory;

import java.util.Objects;
import java.util.UUID;

/**
 * Which app's memory an operation touches. Every query is filtered by both ids; the names only tag
 * metrics (bounded cardinality: tenants and apps, never users or sessions).
 */
public record MemoryScope(UUID tenantId, String tenantName, UUID appId, String appName) {

    public MemoryScope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(appId, "appId");
    }
}
