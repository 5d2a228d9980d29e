package dev.plinth.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.platform.support.PlinthTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The database keeps the audit log append-only; only the retention purge deletes, and only old entries. */
@PlinthTest
class AuditAppendOnlyTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditRetention retention;

    @Autowired
    TransactionTemplate transactions;

    UUID tenant;
    UUID ancient;
    UUID recent;

    @BeforeEach
    void entriesOfDifferentAges() {
        tenant = UUID.randomUUID();
        ancient = insert(Instant.now().minus(Duration.ofDays(500)));
        recent = insert(Instant.now().minus(Duration.ofDays(2)));
    }

    UUID insert(Instant occurredAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into platform.audit_events (id, tenant_id, occurred_at, key_id, role, action, resource_type,
                    method, route, status, outcome)
                values (?, ?, ?, 'k', 'admin', 'app.created', 'app', 'POST', '/api/v1/apps', 201, 'success')""")
                .params(id, tenant, Timestamp.from(occurredAt)).update();
        return id;
    }

    boolean exists(UUID id) {
        return jdbc.sql("select count(*) from platform.audit_events where id = ?").param(id).query(Long.class)
                .single() == 1;
    }

    @Test
    void updatesDeletesAndTruncationAreRefused() {
        assertThatThrownBy(() -> jdbc.sql("update platform.audit_events set action = 'nothing.happened' where id = ?")
                .param(recent).update()).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from platform.audit_events where id = ?").param(ancient).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate platform.audit_events").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(exists(ancient)).isTrue();
        assertThat(exists(recent)).isTrue();
    }

    @Test
    void theRetentionPurgeDeletesOnlyEntriesOlderThanItsCutoff() {
        assertThat(retention.purgeOlderThan(Instant.now().minus(Duration.ofDays(400)))).isGreaterThanOrEqualTo(1);
        assertThat(exists(ancient)).isFalse();
        assertThat(exists(recent)).isTrue();
    }

    @Test
    void aPurgeCannotReachYoungerEntriesWhateverItDeclares() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("select set_config('plinth.audit_purge_before', ?, true)")
                    .param(Instant.now().minus(Duration.ofDays(400)).toString()).query().singleValue();
            jdbc.sql("delete from platform.audit_events where tenant_id = ?").param(tenant).update();
        })).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> retention.purgeOlderThan(Instant.now()))
                .as("a cut-off younger than a day is refused").isInstanceOf(DataAccessException.class);
        assertThat(exists(recent)).isTrue();
        assertThat(exists(ancient)).isTrue();
    }
}
