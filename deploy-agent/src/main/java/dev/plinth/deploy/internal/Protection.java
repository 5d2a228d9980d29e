package dev.plinth.deploy.internal;

import dev.plinth.deploy.Actor;
import dev.plinth.deploy.DeploymentException;
import dev.plinth.deploy.EnvironmentView;

/** An environment's protection rules: which keys may deploy there, and whether only promotions may. */
final class Protection {

    private Protection() {
    }

    /**
     * Refuses the change unless the caller's role may deploy to the environment and, when the
     * environment takes promotions only, the change is a promotion from the named environment or a
     * rollback (which returns to a revision the environment already accepted).
     */
    static void check(EnvironmentView environment, Actor actor, String kind, String promotedFrom) {
        boolean allowedRole = actor.roles().contains("admin")
                || environment.allowedRoles().stream().anyMatch(actor.roles()::contains);
        if (!allowedRole) {
            throw new DeploymentException(DeploymentException.Kind.FORBIDDEN, "Environment '" + environment.name()
                    + "' is protected: it accepts deployments only from keys with role "
                    + String.join(" or ", environment.allowedRoles()) + " (or admin); this key's role is "
                    + actor.role(), null);
        }
        String only = environment.promoteFrom();
        if (only == null || "rollback".equals(kind) || only.equals(promotedFrom)) {
            return;
        }
        String instead = promotedFrom == null
                ? "; promote the revision active there instead of deploying one directly"
                : ", not from '" + promotedFrom + "'";
        throw new DeploymentException(DeploymentException.Kind.FORBIDDEN, "Environment '" + environment.name()
                + "' is protected: it accepts only promotions from '" + only + "'" + instead, null);
    }
}
