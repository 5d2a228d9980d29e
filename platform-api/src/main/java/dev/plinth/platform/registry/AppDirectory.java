package dev.plinth.platform.registry;

import dev.plinth.platform.problem.ApiException;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Finds a tenant's app by name, for features that hang off an app (memory, runs, deployments). */
@Component
public class AppDirectory {

    /** The identity of a registered app. */
    public record AppRef(UUID tenantId, UUID id, String name) {
    }

    private final AppRepository apps;

    AppDirectory(AppRepository apps) {
        this.apps = apps;
    }

    /** The app, or a 404 problem when the tenant has no app of that name. */
    @Transactional(readOnly = true)
    public AppRef require(UUID tenantId, String name) {
        return apps.findByTenantIdAndName(tenantId, name)
                .map(app -> new AppRef(app.getTenantId(), app.getId(), app.getName()))
                .orElseThrow(() -> ApiException.notFound("App '" + name + "'"));
    }
}
