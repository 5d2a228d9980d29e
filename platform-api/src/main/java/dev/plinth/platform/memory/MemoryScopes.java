package dev.plinth.platform.memory;

import dev.plinth.memory.MemoryScope;
import dev.plinth.platform.registry.AppDirectory;
import dev.plinth.platform.security.ApiPrincipal;
import org.springframework.stereotype.Component;

/** The memory scope of a request: the caller's tenant and one of its apps (404 for any other). */
@Component
class MemoryScopes {

    private final AppDirectory apps;

    MemoryScopes(AppDirectory apps) {
        this.apps = apps;
    }

    /** The scope of a request: the app may come from a recent lookup ({@link AppDirectory#requireRecent}). */
    MemoryScope of(String appName) {
        ApiPrincipal caller = ApiPrincipal.current();
        AppDirectory.AppRef app = apps.requireRecent(caller.tenantId(), appName);
        return new MemoryScope(caller.tenantId(), caller.tenantName(), app.id(), app.name());
    }
}
