package dev.plinth.platform.registry;

import java.util.UUID;

/** An app got a new revision (published after the submission's transaction commits). */
public record RevisionPublished(UUID tenantId, UUID appId, int revision) {
}
