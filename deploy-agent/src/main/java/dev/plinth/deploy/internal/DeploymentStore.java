package dev.plinth.deploy.internal;

import dev.plinth.deploy.AppTarget;
import dev.plinth.deploy.CheckResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code deploy.deployments} table: inserts, state changes and the history queries. */
class DeploymentStore {

    private static final TypeReference<List<CheckResult>> CHECKS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeploymentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new deployment in {@code status}; an active one records the deployment it replaced. */
    DeploymentRow insert(AppTarget app, String environment, int revision, String kind, String promotedFrom,
            String status, UUID previousId, String actorKeyId, String actorRole) {
        Instant now = EnvironmentStore.now();
        UUID id = UUID.randomUUID();
        Timestamp activated = "active".equals(status) ? Timestamp.from(now) : null;
        jdbc.sql("""
                insert into deploy.deployments (id, tenant_id, app_id, app_name, environment, revision, kind,
                    promoted_from, status, previous_id, actor_key_id, actor_role, created_at, updated_at, activated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(id, app.tenantId(), app.appId(), app.name(), environment, revision, kind, promotedFrom, status,
                        previousId, actorKeyId, actorRole, Timestamp.from(now), Timestamp.from(now), activated)
                .update();
        return find(id).orElseThrow();
    }

    Optional<DeploymentRow> find(UUID id) {
        return jdbc.sql("select * from deploy.deployments where id = ?").param(id).query(this::map).optional();
    }

    /** The deployment locked for update, so its state changes are serialised across instances. */
    Optional<DeploymentRow> lock(UUID id) {
        return jdbc.sql("select * from deploy.deployments where id = ? for update").param(id).query(this::map)
                .optional();
    }

    /** Every app's active deployment in one of the tenant's environments, by app name. */
    List<DeploymentRow> activeIn(UUID tenantId, String environment) {
        return jdbc.sql("select * from deploy.deployments where tenant_id = ? and environment = ? "
                + "and status = 'active' order by app_name").params(tenantId, environment).query(this::map).list();
    }

    /**
     * The active deployments of several apps at once; served by the partial unique index
     * {@code deployments_one_active (app_id, environment) where status = 'active'}.
     */
    List<DeploymentRow> activeOf(UUID tenantId, java.util.Collection<UUID> appIds) {
        return jdbc.sql("select * from deploy.deployments where app_id = any(?) and tenant_id = ? "
                        + "and status = 'active' order by app_name, environment")
                .params(appIds.toArray(UUID[]::new), tenantId).query(this::map).list();
    }

    Optional<DeploymentRow> active(UUID appId, String environment) {
        return jdbc.sql("select * from deploy.deployments where app_id = ? and environment = ? and status = 'active'")
                .params(appId, environment).query(this::map).optional();
    }

    /**
     * Serialises activations, promotions and rollbacks of one app in one environment until the
     * transaction ends (the partial unique index would otherwise reject the loser with an error).
     */
    void lockSlot(UUID appId, String environment) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))").param(appId + "/" + environment)
                .query().singleRow();
    }

    /**
     * Claims up to {@code limit} deployments waiting for their checks whose lease has expired (or
     * that never had one), leasing them until {@code leaseUntil}; other instances skip them.
     */
    List<DeploymentRow> claimDue(int limit, Instant leaseUntil) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.sql("""
                with due as materialized (
                    select id from deploy.deployments
                    where status in ('pending', 'checking') and (lease_until is null or lease_until <= ?)
                    order by created_at limit ? for update skip locked)
                update deploy.deployments d set status = 'checking', lease_until = ?, updated_at = ?
                from due where d.id = due.id
                returning d.*
                """)
                .params(now, limit, Timestamp.from(leaseUntil), now).query(this::map).list();
    }

    /** Records checks still under way; the poller looks again once {@code nextLook} has passed. */
    void keepChecking(UUID id, List<CheckResult> checks, UUID smokeRunId, Instant deadline, Instant nextLook) {
        jdbc.sql("""
                update deploy.deployments set checks = ?::jsonb, smoke_run_id = ?, checks_deadline = ?,
                    lease_until = ?, updated_at = ?
                where id = ? and status = 'checking'
                """)
                .params(json.writeValueAsString(checks), smokeRunId, timestamp(deadline), Timestamp.from(nextLook),
                        Timestamp.from(EnvironmentStore.now()), id)
                .update();
    }

    /** Ends a deployment that never became active: {@code failed}, or {@code superseded} by a newer one. */
    void finish(UUID id, String status, List<CheckResult> checks, UUID smokeRunId, String failure) {
        Timestamp now = Timestamp.from(EnvironmentStore.now());
        jdbc.sql("""
                update deploy.deployments set status = ?, checks = ?::jsonb, smoke_run_id = ?, failure = ?,
                    lease_until = null, updated_at = ?, ended_at = ?
                where id = ? and status = 'checking'
                """)
                .params(status, json.writeValueAsString(checks), smokeRunId, failure, now, now, id).update();
    }

    void activate(UUID id, List<CheckResult> checks, UUID smokeRunId, UUID previousId) {
        Timestamp now = Timestamp.from(EnvironmentStore.now());
        jdbc.sql("""
                update deploy.deployments set status = 'active', checks = ?::jsonb, smoke_run_id = ?,
                    previous_id = ?, lease_until = null, updated_at = ?, activated_at = ?
                where id = ?
                """)
                .params(json.writeValueAsString(checks), smokeRunId, previousId, now, now, id).update();
    }

    /** Ends an active deployment as {@code superseded} or {@code rolled-back}. */
    void end(UUID id, String status) {
        Timestamp now = Timestamp.from(EnvironmentStore.now());
        jdbc.sql("update deploy.deployments set status = ?, updated_at = ?, ended_at = ? where id = ?")
                .params(status, now, now, id).update();
    }

    /** The app's deployments newest first, after the keyset position {@code after} when given. */
    List<DeploymentRow> history(UUID appId, String environment, String status, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("select * from deploy.deployments where app_id = ?");
        List<Object> params = new ArrayList<>(List.of(appId));
        if (environment != null) {
            sql.append(" and environment = ?");
            params.add(environment);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (after != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(Timestamp.from(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    private DeploymentRow map(ResultSet row, int index) throws SQLException {
        return new DeploymentRow(row.getObject("id", UUID.class), row.getObject("tenant_id", UUID.class),
                row.getObject("app_id", UUID.class), row.getString("app_name"), row.getString("environment"),
                row.getInt("revision"), row.getString("kind"), row.getString("promoted_from"),
                row.getString("status"), json.readValue(row.getString("checks"), CHECKS), row.getString("failure"),
                row.getObject("smoke_run_id", UUID.class), instant(row, "checks_deadline"),
                row.getObject("previous_id", UUID.class), row.getString("actor_key_id"), row.getString("actor_role"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "activated_at"),
                instant(row, "ended_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
