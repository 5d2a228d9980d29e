package dev.plinth.deploy;

import java.util.List;
import java.util.UUID;

/** A tenant's environments. {@code dev}, {@code staging} and {@code prod} exist from the first use. */
public interface Environments {

    List<EnvironmentView> list(UUID tenantId);

    /** The environment; {@link DeploymentException.Kind#NOT_FOUND} when the tenant has none of that name. */
    EnvironmentView get(UUID tenantId, String name);

    /** Adds an environment; a name already taken is a conflict. */
    EnvironmentView create(UUID tenantId, NewEnvironment environment, String createdBy);

    /**
     * Replaces an environment's description and protection ({@code settings.name()} is ignored):
     * e.g. makes {@code prod} accept only promotions from {@code staging}. Deployments already made
     * are not affected.
     */
    EnvironmentView replace(UUID tenantId, String name, NewEnvironment settings);
}
