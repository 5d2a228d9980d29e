package dev.plinth.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditActionsTest {

    @Test
    void knownRoutesHaveTheirChosenNames() {
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/revisions", null))
                .isEqualTo(new AuditAction("revision.created", "revision", null));
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/revisions", "true").name())
                .isEqualTo("revision.validated");
        assertThat(AuditActions.of("DELETE", "/api/v1/keys/{id}", null))
                .isEqualTo(new AuditAction("key.revoked", "key", "id"));
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/runs/{run}/approvals/{step}", null))
                .isEqualTo(new AuditAction("run.approval.decided", "run", "run"));
    }

    @Test
    void routesAddedLaterGetNamesDerivedFromTheirPattern() {
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/secrets", null))
                .isEqualTo(new AuditAction("secret.created", "secret", null));
        assertThat(AuditActions.of("PUT", "/api/v1/apps/{app}/secrets/{name}", null))
                .isEqualTo(new AuditAction("secret.updated", "secret", "name"));
        assertThat(AuditActions.of("DELETE", "/api/v1/apps/{app}/secrets/{name}", null))
                .isEqualTo(new AuditAction("secret.deleted", "secret", "name"));
        assertThat(AuditActions.of("POST", "/api/v1/environments", null))
                .isEqualTo(new AuditAction("environment.created", "environment", null));
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/deployments/{id}/rollback", null))
                .isEqualTo(new AuditAction("deployment.rollback", "deployment", "id"));
        assertThat(AuditActions.of("POST", "/api/v1/environments/{env}/deployments", null))
                .isEqualTo(new AuditAction("deployment.created", "deployment", null));
        assertThat(AuditActions.of("PATCH", "/api/v1/policies/{id:[0-9]+}", null))
                .isEqualTo(new AuditAction("policy.updated", "policy", "id"));
        assertThat(AuditActions.of("POST", "/api/v1/things/{id}", null).name()).isEqualTo("thing.submitted");
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/schedules/pause", null))
                .isEqualTo(new AuditAction("schedule.pause", "schedule", null));
        assertThat(AuditActions.of("POST", "/api/v1/apps/{app}/deployments/promote", null).name())
                .as("named by hand").isEqualTo("deployment.promoted");
    }
}
