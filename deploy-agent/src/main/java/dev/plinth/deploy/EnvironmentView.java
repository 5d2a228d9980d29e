package dev.plinth.deploy;

import java.time.Instant;
import java.util.List;

/**
 * An environment of a tenant and its protection.
 *
 * @param allowedRoles roles whose keys may deploy here; {@code admin} keys always may
 * @param promoteFrom  when set, the environment accepts only promotions from that environment
 *                     (and rollbacks), never a direct deployment
 */
public record EnvironmentView(String name, String description, List<String> allowedRoles, String promoteFrom,
        Instant createdAt, String createdBy) {
}
