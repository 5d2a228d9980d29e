package dev.plinth.platform.deployments;

import dev.plinth.deploy.DeploymentException;
import dev.plinth.deploy.Deployments;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.registry.AppDirectory;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The revision active in an environment, for starting runs there. */
@Component
public class ActiveRevisions {

    private final AppDirectory apps;
    private final Deployments deployments;

    ActiveRevisions(AppDirectory apps, Deployments deployments) {
        this.apps = apps;
        this.deployments = deployments;
    }

    /**
     * The app's revision active in {@code environment}, with its definition: 404 for an unknown
     * app, 400 for an unknown environment, 409 when nothing is active there.
     */
    public AppDirectory.Current current(UUID tenantId, String app, String environment) {
        AppDirectory.AppRef ref = apps.require(tenantId, app);
        int revision;
        try {
            revision = deployments.activeRevision(Callers.target(ref), environment).orElseThrow(() ->
                    new ApiException(ProblemType.CONFLICT, "No revision of app '" + app + "' is active in '"
                            + environment + "'; deploy one there first"));
        } catch (DeploymentException unknown) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "Query parameter 'environment': "
                    + unknown.getMessage()).with("parameter", "environment");
        }
        return new AppDirectory.Current(ref, revision, apps.definition(tenantId, ref.id(), revision).orElseThrow());
    }
}
