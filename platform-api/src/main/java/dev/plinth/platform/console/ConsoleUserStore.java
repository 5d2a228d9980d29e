package dev.plinth.platform.console;

import dev.plinth.platform.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Console users in {@code platform.console_users}; every query is scoped by tenant. */
@Repository
class ConsoleUserStore {

    private static final String COLUMNS = "id, tenant_id, email, role, failed_attempts, locked_until, disabled_at, "
            + "created_at, created_by, last_sign_in_at";

    private final JdbcClient jdbc;

    ConsoleUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A user with their password hash, for sign-in only. */
    record Credentials(ConsoleUser user, String passwordHash) {
    }

    ConsoleUser insert(UUID tenantId, String email, String passwordHash, Role role, String createdBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into platform.console_users (id, tenant_id, email, password_hash, role, created_at, created_by) "
                        + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, tenantId, email, passwordHash, role.wireName(), Timestamp.from(Instant.now()), createdBy)
                .update();
        return find(tenantId, id).orElseThrow();
    }

    boolean emailTaken(UUID tenantId, String email) {
        return jdbc.sql("select count(*) from platform.console_users where tenant_id = ? and lower(email) = lower(?)")
                .params(tenantId, email).query(Long.class).single() > 0;
    }

    long countInTenant(UUID tenantId) {
        return jdbc.sql("select count(*) from platform.console_users where tenant_id = ?").param(tenantId)
                .query(Long.class).single();
    }

    long countActiveAdmins(UUID tenantId) {
        return jdbc.sql("select count(*) from platform.console_users where tenant_id = ? and role = 'admin' "
                + "and disabled_at is null").param(tenantId).query(Long.class).single();
    }

    Optional<ConsoleUser> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from platform.console_users where tenant_id = ? and id = ?")
                .params(tenantId, id).query(ConsoleUserStore::user).optional();
    }

    Optional<ConsoleUser> findAnyTenant(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from platform.console_users where id = ?").param(id)
                .query(ConsoleUserStore::user).optional();
    }

    Optional<Credentials> credentials(UUID tenantId, String email) {
        return jdbc.sql("select " + COLUMNS + ", password_hash from platform.console_users "
                        + "where tenant_id = ? and lower(email) = lower(?)")
                .params(tenantId, email)
                .query((rs, row) -> new Credentials(user(rs, row), rs.getString("password_hash"))).optional();
    }

    List<ConsoleUser> list(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from platform.console_users where tenant_id = ? order by created_at, id")
                .param(tenantId).query(ConsoleUserStore::user).list();
    }

    void signedIn(UUID id, Instant now) {
        jdbc.sql("update platform.console_users set failed_attempts = 0, locked_until = null, last_sign_in_at = ? where id = ?")
                .params(Timestamp.from(now), id).update();
    }

    /** Counts a failed sign-in atomically; the count that reaches {@code max} locks the account and starts over. */
    void failed(UUID id, int max, Instant lockedUntil) {
        jdbc.sql("""
                update platform.console_users set
                    locked_until = case when failed_attempts + 1 >= :max then :until else locked_until end,
                    failed_attempts = case when failed_attempts + 1 >= :max then 0 else failed_attempts + 1 end
                where id = :id""")
                .param("max", max).param("until", Timestamp.from(lockedUntil)).param("id", id).update();
    }

    /** A new password hash; a locked account is unlocked with it. */
    void setPassword(UUID tenantId, UUID id, String passwordHash) {
        jdbc.sql("update platform.console_users set password_hash = ?, failed_attempts = 0, locked_until = null "
                + "where tenant_id = ? and id = ?").params(passwordHash, tenantId, id).update();
    }

    void setDisabled(UUID tenantId, UUID id, Instant disabledAt) {
        jdbc.sql("update platform.console_users set disabled_at = ? where tenant_id = ? and id = ?")
                .params(disabledAt == null ? null : Timestamp.from(disabledAt), tenantId, id).update();
    }

    private static ConsoleUser user(ResultSet rs, int row) throws SQLException {
        return new ConsoleUser(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("email"), Role.fromWire(rs.getString("role")), rs.getInt("failed_attempts"),
                instant(rs, "locked_until"), instant(rs, "disabled_at"), instant(rs, "created_at"),
                rs.getString("created_by"), instant(rs, "last_sign_in_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
