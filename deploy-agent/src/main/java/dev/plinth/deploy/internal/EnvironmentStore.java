package dev.plinth.deploy.internal;

import dev.plinth.deploy.EnvironmentView;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code deploy.environments} table. */
class EnvironmentStore {

    private static final String COLUMNS = "name, description, allowed_roles, promote_from, created_at, created_by";

    private final JdbcClient jdbc;

    EnvironmentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the environment unless the tenant already has one of that name; whether it inserted. */
    boolean insert(UUID tenantId, EnvironmentView environment) {
        return jdbc.sql("""
                insert into deploy.environments (tenant_id, name, description, allowed_roles, promote_from,
                    created_at, created_by)
                values (?, ?, ?, string_to_array(?, ','), ?, ?, ?)
                on conflict (tenant_id, name) do nothing
                """)
                .params(tenantId, environment.name(), environment.description(),
                        String.join(",", environment.allowedRoles()), environment.promoteFrom(),
                        Timestamp.from(environment.createdAt()), environment.createdBy())
                .update() == 1;
    }

    void update(UUID tenantId, EnvironmentView environment) {
        jdbc.sql("""
                update deploy.environments set description = ?, allowed_roles = string_to_array(?, ','),
                    promote_from = ?
                where tenant_id = ? and name = ?
                """)
                .params(environment.description(), String.join(",", environment.allowedRoles()),
                        environment.promoteFrom(), tenantId, environment.name())
                .update();
    }

    List<EnvironmentView> list(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from deploy.environments where tenant_id = ? order by created_at, name")
                .param(tenantId).query(EnvironmentStore::map).list();
    }

    Optional<EnvironmentView> find(UUID tenantId, String name) {
        return jdbc.sql("select " + COLUMNS + " from deploy.environments where tenant_id = ? and name = ?")
                .params(tenantId, name).query(EnvironmentStore::map).optional();
    }

    private static EnvironmentView map(ResultSet row, int index) throws SQLException {
        Array roles = row.getArray("allowed_roles");
        Timestamp created = row.getTimestamp("created_at");
        return new EnvironmentView(row.getString("name"), row.getString("description"),
                Arrays.asList((String[]) roles.getArray()), row.getString("promote_from"),
                created == null ? null : created.toInstant(), row.getString("created_by"));
    }

    static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
