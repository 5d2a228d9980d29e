package dev.plinth.platform.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An isolated customer of this Plinth installation; everything else belongs to exactly one tenant. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    private String displayName;

    private boolean root;

    @Column(nullable = false)
    private Instant createdAt;

    protected Tenant() {
    }

    Tenant(String name, String displayName, boolean root) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.displayName = displayName;
        this.root = root;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDisplayName() {
        return displayName;
    }

    public boolean isRoot() {
        return root;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
