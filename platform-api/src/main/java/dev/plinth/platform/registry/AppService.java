package dev.plinth.platform.registry;

import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryScope;
import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.web.ETags;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers, reads, relabels and deletes apps. Every query is scoped to the caller's tenant. */
@Service
class AppService {

    private final AppRepository apps;
    private final Memory memory;
    private final Workflows workflows;
    private final AppDirectory directory;

    AppService(AppRepository apps, Memory memory, Workflows workflows, AppDirectory directory) {
        this.apps = apps;
        this.memory = memory;
        this.workflows = workflows;
        this.directory = directory;
    }

    @Transactional
    App create(UUID tenantId, String name, String description, Map<String, String> labels, String actor) {
        if (apps.existsByTenantIdAndName(tenantId, name)) {
            throw new ApiException(ProblemType.CONFLICT, "An app named '" + name + "' already exists",
                    List.of(InputError.of("/name", "already taken in this tenant",
                            "choose another name, or submit a revision to the existing app")));
        }
        return apps.saveAndFlush(new App(tenantId, name, description, labels, actor));
    }

    @Transactional(readOnly = true)
    Page<App> list(UUID tenantId, PageRequest page) {
        return Page.of(apps.findByTenantIdOrderByNameAsc(tenantId, page.position(), page.limit()), a -> a);
    }

    @Transactional(readOnly = true)
    App get(UUID tenantId, String name) {
        return apps.findByTenantIdAndName(tenantId, name).orElseThrow(() -> notFound(name));
    }

    @Transactional
    App update(UUID tenantId, String name, String ifMatch, String description, Map<String, String> labels) {
        App app = get(tenantId, name);
        ETags.requireMatch(ifMatch, app.getVersion());
        if (description != null) {
            app.describe(description);
        }
        if (labels != null) {
            app.label(labels);
        }
        return apps.saveAndFlush(app);
    }

    @Transactional
    void delete(UUID tenantId, String name, String ifMatch) {
        App app = get(tenantId, name);
        ETags.requireMatch(ifMatch, app.getVersion());
        memory.eraseApp(new MemoryScope(tenantId, null, app.getId(), app.getName()));
        workflows.unschedule(app.getId());
        apps.delete(app);
        directory.forget(tenantId, name);
    }

    static ApiException notFound(String name) {
        return ApiException.notFound("App '" + name + "'");
    }
}
