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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Registers, reads, relabels and deletes apps. Every query is scoped to the caller's tenant. */
@Service
class AppService {

    private static final Logger log = LoggerFactory.getLogger(AppService.class);
    /** When the second erase of a deleted app's memory runs: after every instance forgot the app. */
    static final Duration SECOND_ERASE_AFTER = AppDirectory.RECENT_LOOKUP_TTL.plusSeconds(3);

    private final AppRepository apps;
    private final Memory memory;
    private final Workflows workflows;
    private final AppDirectory directory;
    private final TaskScheduler scheduler;

    AppService(AppRepository apps, Memory memory, Workflows workflows, AppDirectory directory, TaskScheduler scheduler) {
        this.apps = apps;
        this.memory = memory;
        this.workflows = workflows;
        this.directory = directory;
        this.scheduler = scheduler;
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

    /**
     * Deletes the app, its memory and its schedules. Memory requests on other instances may use the
     * app's id for up to {@link AppDirectory#RECENT_LOOKUP_TTL} after the deletion (and one already
     * under way may store after the erase), so this instance erases the app's memory a second time
     * once that has passed. The second pass is not durable: if this instance stops within those
     * seconds, what another instance stored in that window stays, unreachable, under the deleted
     * app's id.
     */
    @Transactional
    void delete(UUID tenantId, String name, String ifMatch) {
        App app = get(tenantId, name);
        ETags.requireMatch(ifMatch, app.getVersion());
        MemoryScope scope = new MemoryScope(tenantId, null, app.getId(), app.getName());
        memory.eraseApp(scope);
        workflows.unschedule(app.getId());
        apps.delete(app);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                directory.forget(tenantId, name);
                scheduler.schedule(() -> eraseLateWrites(scope), Instant.now().plus(SECOND_ERASE_AFTER));
            }
        });
    }

    private void eraseLateWrites(MemoryScope scope) {
        try {
            memory.eraseApp(scope);
        } catch (RuntimeException failure) {
            log.warn("Could not erase the memory written late for deleted app {} ({})", scope.appName(),
                    scope.appId(), failure);
        }
    }

    static ApiException notFound(String name) {
        return ApiException.notFound("App '" + name + "'");
    }
}
