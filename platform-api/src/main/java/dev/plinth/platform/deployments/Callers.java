package dev.plinth.platform.deployments;

import dev.plinth.deploy.Actor;
import dev.plinth.deploy.AppTarget;
import dev.plinth.platform.registry.AppDirectory;
import dev.plinth.platform.security.ApiPrincipal;

/** Translates the API's caller and app into the deployment module's terms. */
final class Callers {

    private Callers() {
    }

    static Actor actor(ApiPrincipal caller) {
        return new Actor(caller.keyId(), caller.role().wireName(), caller.role().withImplied());
    }

    static AppTarget target(AppDirectory.AppRef app) {
        return new AppTarget(app.tenantId(), app.id(), app.name());
    }
}
