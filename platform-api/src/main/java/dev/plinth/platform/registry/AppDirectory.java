package dev.plinth.platform.registry;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Finds a tenant's app by name, for features that hang off an app (memory, runs, deployments). */
@Component
public class AppDirectory {

    /** The identity of a registered app. */
    public record AppRef(UUID tenantId, UUID id, String name) {
    }

    /** The latest revision of an app: the definition new runs use. */
    public record Current(AppRef app, int revision, JsonNode definition) {
    }

    private final AppRepository apps;
    private final RevisionRepository revisions;
    private final JsonMapper json;
    private final JdbcClient jdbc;

    AppDirectory(AppRepository apps, RevisionRepository revisions, JsonMapper json, JdbcClient jdbc) {
        this.apps = apps;
        this.revisions = revisions;
        this.json = json;
        this.jdbc = jdbc;
    }

    /** The app's latest revision; 404 for an unknown app, 409 when it has no revision yet. */
    @Transactional(readOnly = true)
    public Current current(UUID tenantId, String name) {
        App app = apps.findByTenantIdAndName(tenantId, name)
                .orElseThrow(() -> ApiException.notFound("App '" + name + "'"));
        if (app.getLatestRevision() == null) {
            throw new ApiException(ProblemType.CONFLICT,
                    "App '" + name + "' has no revision yet; submit its definition first");
        }
        Revision revision = revisions.findByAppIdAndNumber(app.getId(), app.getLatestRevision()).orElseThrow();
        return new Current(new AppRef(app.getTenantId(), app.getId(), app.getName()), revision.getNumber(),
                json.readTree(revision.getDefinition()));
    }

    /** The app with this id in this tenant, if it still exists. */
    @Transactional(readOnly = true)
    public java.util.Optional<AppRef> find(UUID tenantId, UUID appId) {
        return apps.findById(appId).filter(app -> app.getTenantId().equals(tenantId))
                .map(app -> new AppRef(app.getTenantId(), app.getId(), app.getName()));
    }

    /**
     * The app, or a 404 problem when the tenant has no app of that name. On every memory and run
     * request, so one plain indexed query, without an ORM session or transaction of its own.
     */
    public AppRef require(UUID tenantId, String name) {
        return jdbc.sql("select id from platform.apps where tenant_id = ? and name = ?")
                .params(tenantId, name)
                .query(UUID.class)
                .optional()
                .map(id -> new AppRef(tenantId, id, name))
                .orElseThrow(() -> ApiException.notFound("App '" + name + "'"));
    }

    /**
     * The definition of revision {@code number} of the tenant's app, if both exist: the revision a
     * deployment puts into an environment, or the one active there that a run is pinned to.
     */
    public java.util.Optional<JsonNode> definition(UUID tenantId, UUID appId, int number) {
        return jdbc.sql("""
                select r.definition from platform.revisions r join platform.apps a on a.id = r.app_id
                where a.tenant_id = ? and r.app_id = ? and r.number = ?
                """)
                .params(tenantId, appId, number)
                .query(String.class)
                .optional()
                .map(json::readTree);
    }
}
