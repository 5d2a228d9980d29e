package dev.plinth.deploy.internal;

import dev.plinth.deploy.AgentView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code deploy.agents} table. */
class AgentStore {

    private static final String COLUMNS = "id, name, environment, version, registered_at, last_heartbeat_at";

    private final JdbcClient jdbc;

    AgentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the agent, or updates the tenant's agent of that name (keeping its id). */
    AgentView upsert(UUID tenantId, String name, String environment, String version, String keyId) {
        Timestamp now = Timestamp.from(EnvironmentStore.now());
        return jdbc.sql("""
                insert into deploy.agents (id, tenant_id, name, environment, version, key_id, registered_at,
                    last_heartbeat_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, name) do update set environment = excluded.environment,
                    version = excluded.version, key_id = excluded.key_id, registered_at = excluded.registered_at,
                    last_heartbeat_at = excluded.last_heartbeat_at
                returning\s""" + COLUMNS)
                .params(UUID.randomUUID(), tenantId, name, environment, version, keyId, now, now)
                .query(AgentStore::map).single();
    }

    Optional<AgentView> touch(UUID tenantId, UUID id, String keyId) {
        return jdbc.sql("update deploy.agents set last_heartbeat_at = ?, key_id = ? where tenant_id = ? and id = ?"
                        + " returning " + COLUMNS)
                .params(Timestamp.from(EnvironmentStore.now()), keyId, tenantId, id)
                .query(AgentStore::map).optional();
    }

    List<AgentView> list(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from deploy.agents where tenant_id = ? order by name")
                .param(tenantId).query(AgentStore::map).list();
    }

    Map<String, Long> liveByEnvironment(Duration liveness) {
        Map<String, Long> counts = new TreeMap<>();
        // Every environment that has agents at all, so one whose agents all died reads 0, not absent.
        jdbc.sql("select environment, count(*) filter (where last_heartbeat_at > ?) from deploy.agents"
                        + " group by environment")
                .param(Timestamp.from(Instant.now().minus(liveness)))
                .query((row, index) -> counts.put(row.getString(1), row.getLong(2))).list();
        return counts;
    }

    private static AgentView map(ResultSet row, int index) throws SQLException {
        return new AgentView(row.getObject("id", UUID.class), row.getString("name"), row.getString("environment"),
                row.getString("version"), row.getTimestamp("registered_at").toInstant(),
                row.getTimestamp("last_heartbeat_at").toInstant());
    }
}
