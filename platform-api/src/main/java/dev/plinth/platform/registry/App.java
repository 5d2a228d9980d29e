package dev.plinth.platform.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registered app: a name in a tenant, with numbered immutable revisions of its definition. */
@Entity
@Table(name = "apps")
class App {

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;

    private String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, String> labels = new LinkedHashMap<>();

    private Integer latestRevision;

    @Version
    private long version;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    private String createdBy;

    protected App() {
    }

    App(UUID tenantId, String name, String description, Map<String, String> labels, String createdBy) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.name = name;
        this.description = description;
        this.labels = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        this.createdBy = createdBy;
    }

    void describe(String description) {
        this.description = description;
        this.updatedAt = Instant.now();
    }

    void label(Map<String, String> labels) {
        this.labels = new LinkedHashMap<>(labels);
        this.updatedAt = Instant.now();
    }

    void revisionAdded(int number) {
        this.latestRevision = number;
        this.updatedAt = Instant.now();
    }

    UUID getId() {
        return id;
    }

    UUID getTenantId() {
        return tenantId;
    }

    String getName() {
        return name;
    }

    String getDescription() {
        return description;
    }

    Map<String, String> getLabels() {
        return labels;
    }

    Integer getLatestRevision() {
        return latestRevision;
    }

    long getVersion() {
        return version;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    String getCreatedBy() {
        return createdBy;
    }
}
