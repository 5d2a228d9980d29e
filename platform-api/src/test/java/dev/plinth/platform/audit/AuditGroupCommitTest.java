package dev.plinth.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.PlinthTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Concurrent requests' audit entries are written together (see {@link AuditLog#append}): each one
 * exactly once, each caller returning only once its own entry is stored, and an entry the database
 * refuses failing its own caller only — never the entries that happened to share its batch.
 */
@PlinthTest
class AuditGroupCommitTest {

    private static final int CALLERS = 48;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcClient jdbc;

    AuditEntry entry(String userAgent) {
        return new AuditEntry(UUID.randomUUID(), Instant.now(), "grouptestkey0001", null, "admin", "app.created",
                "app", "some-app", "POST", "/api/v1/apps", Map.of("app", "some-app"), 201, "success", "127.0.0.1",
                userAgent, "req-" + UUID.randomUUID());
    }

    boolean stored(UUID tenant, UUID id) {
        return jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and id = ?")
                .params(tenant, id).query(Long.class).single() == 1;
    }

    @Test
    void concurrentEntriesAreEachStoredOnceAndABadOneFailsOnlyItsOwnCaller() throws Exception {
        UUID tenant = UUID.randomUUID();
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            // Every sixth entry carries a NUL character, which PostgreSQL refuses in text.
            entries.add(entry(i % 6 == 5 ? "agent\u0000" + i : "agent-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        try {
            for (AuditEntry entry : entries) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        auditLog.append(tenant, entry);
                        // Returned: the entry must already be there for anyone to read.
                        return stored(tenant, entry.id());
                    } catch (InterruptedException interrupted) {
                        throw new IllegalStateException(interrupted);
                    }
                }, pool));
            }
            go.countDown();
            for (int i = 0; i < CALLERS; i++) {
                CompletableFuture<Boolean> call = calls.get(i);
                if (entries.get(i).userAgent().contains("\u0000")) {
                    assertThat(call).as("entry %d is refused", i).failsWithin(30, TimeUnit.SECONDS)
                            .withThrowableThat().havingRootCause().isInstanceOf(org.postgresql.util.PSQLException.class);
                    assertThat(stored(tenant, entries.get(i).id())).isFalse();
                } else {
                    assertThat(call).as("entry %d", i).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo(true);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long good = entries.stream().filter(e -> !e.userAgent().contains("\u0000")).count();
        assertThat(jdbc.sql("select count(*) from platform.audit_events where tenant_id = ?").param(tenant)
                .query(Long.class).single()).isEqualTo(good);
        assertThat(jdbc.sql("select count(distinct request_id) from platform.audit_events where tenant_id = ?")
                .param(tenant).query(Long.class).single()).isEqualTo(good);
    }

    @Test
    void aLoneEntryIsWrittenAtOnceAndItsFailureReachesItsCaller() {
        UUID tenant = UUID.randomUUID();
        AuditEntry fine = entry("curl/8");
        auditLog.append(tenant, fine);
        assertThat(stored(tenant, fine.id())).isTrue();

        AuditEntry refused = entry("bad\u0000agent");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> auditLog.append(tenant, refused))
                .isInstanceOf(DataAccessException.class);
        assertThat(stored(tenant, refused.id())).isFalse();
        AuditEntry after = entry("curl/8");
        auditLog.append(tenant, after);
        assertThat(stored(tenant, after.id())).as("the log keeps working after a refused entry").isTrue();
    }
}
