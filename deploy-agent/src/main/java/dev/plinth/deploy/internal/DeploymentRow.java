package dev.plinth.deploy.internal;

import dev.plinth.deploy.CheckResult;
import dev.plinth.deploy.DeploymentView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code deploy.deployments}. */
record DeploymentRow(UUID id, UUID tenantId, UUID appId, String appName, String environment, int revision,
        String kind, String promotedFrom, String status, List<CheckResult> checks, String failure, UUID smokeRunId,
        Instant checksDeadline, UUID previousId, String actorKeyId, String actorRole, Instant createdAt,
        Instant updatedAt, Instant activatedAt, Instant endedAt) {

    DeploymentView view() {
        return new DeploymentView(id, appName, environment, revision, status, kind, promotedFrom, checks, failure,
                previousId, smokeRunId, new DeploymentView.DeployedBy(actorKeyId, actorRole), createdAt, updatedAt,
                activatedAt, endedAt);
    }
}
