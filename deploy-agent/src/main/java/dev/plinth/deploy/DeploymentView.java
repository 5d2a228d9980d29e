package dev.plinth.deploy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A deployment as clients see it.
 *
 * @param status       {@code pending}, {@code checking}, {@code active}, {@code failed}, {@code superseded}
 *                     or {@code rolled-back}
 * @param kind         {@code deploy}, {@code promotion} or {@code rollback}
 * @param promotedFrom for a promotion, the environment whose active revision was promoted
 * @param checks       the pre-flight checks and their outcomes so far
 * @param failure      for a failed deployment, which check failed and why
 * @param previous     the deployment whose revision a rollback of this one reactivates (for a deploy or
 *                     promotion, the one it replaced when it became active)
 * @param smokeRun     the id of the smoke-test run, once started
 * @param deployedBy   who asked for it
 */
public record DeploymentView(UUID id, String app, String environment, int revision, String status, String kind,
        String promotedFrom, List<CheckResult> checks, String failure, UUID previous, UUID smokeRun,
        DeployedBy deployedBy, Instant createdAt, Instant updatedAt, Instant activatedAt, Instant endedAt) {

    /** Every status a deployment can have. */
    public static final java.util.Set<String> STATUSES = java.util.Set.of("pending", "checking", "active", "failed",
            "superseded", "rolled-back");

    /** The API key that asked for a deployment: its public id and its role at the time. */
    public record DeployedBy(String keyId, String role) {
    }
}
