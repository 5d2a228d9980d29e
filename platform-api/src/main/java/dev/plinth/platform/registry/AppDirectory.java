package dev.plinth.platform.registry;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
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
    /** Parsed definitions of stored revisions, which never change (callers must not modify them). */
    private final Cache<RevisionKey, JsonNode> definitions = CacheBuilder.newBuilder().maximumSize(1_000).build();

    private record RevisionKey(UUID appId, int number) {
    }

    private record AppKey(UUID tenantId, String name) {
    }

    /**
     * How long a memory request may use an app's id without looking it up again. After the app is
     * deleted on another instance, a request there may for this long still find the deleted app: a
     * read answers as for an empty app (its data is already gone), and what a write stores is
     * erased by the deleting instance's second pass ({@code AppService#delete}), which runs once
     * this time has passed.
     */
    static final java.time.Duration RECENT_LOOKUP_TTL = java.time.Duration.ofSeconds(2);

    private final Cache<AppKey, UUID> recentLookups = CacheBuilder.newBuilder().maximumSize(10_000)
            .expireAfterWrite(RECENT_LOOKUP_TTL).build();

    AppDirectory(AppRepository apps, RevisionRepository revisions, JsonMapper json, JdbcClient jdbc) {
        this.apps = apps;
        this.revisions = revisions;
        this.json = json;
        this.jdbc = jdbc;
    }

    /**
     * The app's latest revision; 404 for an unknown app, 409 when it has no revision yet. On every
     * run start, so one plain indexed query; the definition itself comes from a cache, since a
     * stored revision never changes.
     */
    public Current current(UUID tenantId, String name) {
        record Latest(UUID id, Integer revision) {
        }
        Latest latest = jdbc.sql("select id, latest_revision from platform.apps where tenant_id = ? and name = ?")
                .params(tenantId, name)
                .query((rs, row) -> new Latest(rs.getObject(1, UUID.class), (Integer) rs.getObject(2)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("App '" + name + "'"));
        if (latest.revision() == null) {
            throw new ApiException(ProblemType.CONFLICT,
                    "App '" + name + "' has no revision yet; submit its definition first");
        }
        return new Current(new AppRef(tenantId, latest.id(), name), latest.revision(),
                revisionDefinition(latest.id(), latest.revision()));
    }

    /** An app in a listing: its identity and its latest revision number (null before the first). */
    public record Listed(AppRef app, Integer latestRevision) {
    }

    /** The tenant's apps by name, one page; cursors are those of {@code GET /api/v1/apps}. */
    @Transactional(readOnly = true)
    public dev.plinth.platform.web.Page<Listed> list(UUID tenantId, dev.plinth.platform.web.PageRequest page) {
        return dev.plinth.platform.web.Page.of(apps.findByTenantIdOrderByNameAsc(tenantId, page.position(),
                page.limit()), app -> new Listed(new AppRef(app.getTenantId(), app.getId(), app.getName()),
                app.getLatestRevision()));
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
     * {@link #require}, where the app's id may come from a lookup made up to
     * {@link #RECENT_LOOKUP_TTL} ago on this instance: the memory API's requests (the busiest of all)
     * are spared a query each. Unknown apps are never remembered.
     */
    public AppRef requireRecent(UUID tenantId, String name) {
        AppKey key = new AppKey(tenantId, name);
        UUID id = recentLookups.getIfPresent(key);
        if (id != null) {
            return new AppRef(tenantId, id, name);
        }
        AppRef app = require(tenantId, name);
        recentLookups.put(key, app.id());
        return app;
    }

    /** Forgets this instance's remembered lookup of the app (it was deleted). */
    void forget(UUID tenantId, String name) {
        recentLookups.invalidate(new AppKey(tenantId, name));
    }

    /**
     * The definition of revision {@code number} of the tenant's app, if both exist: the revision a
     * deployment puts into an environment, or the one active there that a run is pinned to.
     */
    public java.util.Optional<JsonNode> definition(UUID tenantId, UUID appId, int number) {
        JsonNode cached = definitions.getIfPresent(new RevisionKey(appId, number));
        if (cached != null) {
            return tenantOwns(tenantId, appId) ? java.util.Optional.of(cached) : java.util.Optional.empty();
        }
        java.util.Optional<JsonNode> stored = jdbc.sql("""
                select r.definition from platform.revisions r join platform.apps a on a.id = r.app_id
                where a.tenant_id = ? and r.app_id = ? and r.number = ?
                """)
                .params(tenantId, appId, number)
                .query(String.class)
                .optional()
                .map(json::readTree);
        stored.ifPresent(definition -> definitions.put(new RevisionKey(appId, number), definition));
        return stored;
    }

    private JsonNode revisionDefinition(UUID appId, int number) {
        try {
            return definitions.get(new RevisionKey(appId, number), () -> json.readTree(jdbc.sql(
                    "select definition from platform.revisions where app_id = ? and number = ?")
                    .params(appId, number).query(String.class).single()));
        } catch (java.util.concurrent.ExecutionException | com.google.common.util.concurrent.UncheckedExecutionException
                failure) {
            throw new IllegalStateException("Reading revision " + number + " of app " + appId + " failed",
                    failure.getCause());
        }
    }

    private boolean tenantOwns(UUID tenantId, UUID appId) {
        return jdbc.sql("select exists (select 1 from platform.apps where id = ? and tenant_id = ?)")
                .params(appId, tenantId).query(Boolean.class).single();
    }
}
