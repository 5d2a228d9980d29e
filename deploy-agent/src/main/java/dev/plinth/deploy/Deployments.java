package dev.plinth.deploy;

import java.util.Optional;
import java.util.UUID;

/**
 * The deployment API: put a revision into an environment behind pre-flight checks, promote what is
 * active in one environment to another, roll back, and read the history. Deploying and promoting
 * return at once with a {@code pending} deployment; the checks run in the background.
 */
public interface Deployments {

    /** Deploys revision {@code revision} of the app to {@code environment}, subject to its protection. */
    DeploymentView deploy(AppTarget app, int revision, String environment, Actor actor);

    /** Deploys to {@code to} exactly the revision active in {@code from}. */
    DeploymentView promote(AppTarget app, String from, String to, Actor actor);

    /**
     * Reactivates the revision that was active in the environment before the current one; the
     * current deployment becomes {@code rolled-back}. Takes effect at once, without checks: that
     * revision passed them when it was deployed. Nothing to go back to is a conflict.
     */
    DeploymentView rollback(AppTarget app, String environment, Actor actor);

    DeploymentView get(AppTarget app, UUID deploymentId);

    /** The app's deployments, newest first, optionally of one environment and/or status. */
    DeploymentPage list(AppTarget app, String environment, String status, String cursor, int limit);

    /** The revision active in the environment, or empty when none is; an unknown environment is not found. */
    Optional<Integer> activeRevision(AppTarget app, String environment);

    /** An environment's desired state: the active deployment of every app of the tenant deployed there. */
    java.util.List<DeploymentView> activeIn(UUID tenantId, String environment);

    /**
     * The active deployments of the tenant's apps {@code appIds} in every environment, ordered by app
     * and environment: one query, for a matrix of apps by environments. Ids of other tenants' apps
     * find nothing.
     */
    java.util.List<DeploymentView> activeOf(UUID tenantId, java.util.Collection<UUID> appIds);
}
