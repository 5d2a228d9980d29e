package dev.plinth.deploy;

import java.util.UUID;

/** The app a deployment concerns, already resolved within the caller's tenant. */
public record AppTarget(UUID tenantId, UUID appId, String name) {
}
