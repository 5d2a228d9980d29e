package dev.plinth.platform.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One immutable, numbered version of an app's definition. {@code definition} is the canonical JSON
 * the platform runs; {@code source} is the text as submitted (YAML comments included) for people.
 */
@Entity
@Table(name = "revisions")
@IdClass(Revision.Key.class)
class Revision {

    record Key(UUID appId, int number) implements Serializable {
        Key() {
            this(null, 0);
        }
    }

    @Id
    private UUID appId;

    @Id
    private int number;

    @Column(nullable = false)
    private String contentHash;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String definition;

    @Column(nullable = false)
    private String source;

    @Column(nullable = false)
    private String sourceType;

    @Column(nullable = false)
    private Instant createdAt;

    private String createdBy;

    protected Revision() {
    }

    Revision(UUID appId, int number, String contentHash, String definition, String source, String sourceType,
            String createdBy) {
        this.appId = appId;
        this.number = number;
        this.contentHash = contentHash;
        this.definition = definition;
        this.source = source;
        this.sourceType = sourceType;
        this.createdAt = Instant.now();
        this.createdBy = createdBy;
    }

    UUID getAppId() {
        return appId;
    }

    int getNumber() {
        return number;
    }

    String getContentHash() {
        return contentHash;
    }

    String getDefinition() {
        return definition;
    }

    String getSource() {
        return source;
    }

    String getSourceType() {
        return sourceType;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    String getCreatedBy() {
        return createdBy;
    }
}
