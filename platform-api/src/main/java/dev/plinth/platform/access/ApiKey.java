package dev.plinth.platform.access;

import dev.plinth.platform.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant's API key. Only the SHA-256 of its secret is stored; the secret is shown once. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    private String id;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String role;

    @Column(nullable = false)
    private byte[] secretHash;

    @Column(nullable = false)
    private Instant createdAt;

    private String createdBy;
    private Instant expiresAt;
    private Instant revokedAt;
    private Instant lastUsedAt;

    protected ApiKey() {
    }

    ApiKey(String id, UUID tenantId, String name, Role role, byte[] secretHash, String createdBy, Instant expiresAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.role = role.wireName();
        this.secretHash = secretHash;
        this.createdAt = Instant.now();
        this.createdBy = createdBy;
        this.expiresAt = expiresAt;
    }

    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    public String getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public Role getRole() {
        return Role.fromWire(role);
    }

    byte[] getSecretHash() {
        return secretHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }
}
