package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.RunStatistics;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts runs per time bucket with {@code date_bin}. Each query reads one index range
 * ({@code runs_started_by_tenant}, {@code runs_ended_by_tenant}, see the V9 migration), so its cost
 * follows the runs in the window, not the size of the history.
 */
class RunStatisticsStore implements RunStatistics {

    private static final Timestamp EPOCH = Timestamp.from(Instant.EPOCH);

    private final JdbcClient jdbc;

    RunStatisticsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<RunBucket> runs(UUID tenantId, Instant from, Instant to, Duration bucket) {
        TreeMap<Instant, long[]> counts = new TreeMap<>();
        String width = interval(bucket);
        jdbc.sql("""
                        select date_bin(?::interval, created_at, ?) as bucket, count(*) as runs
                        from orchestrator.runs
                        where tenant_id = ? and created_at >= ? and created_at < ? and scope is null
                        group by 1""")
                .params(width, EPOCH, tenantId, Timestamp.from(from), Timestamp.from(to))
                .query((row, n) -> counts.computeIfAbsent(row.getTimestamp("bucket").toInstant(),
                        start -> new long[4])[0] = row.getLong("runs"))
                .list();
        jdbc.sql("""
                        select date_bin(?::interval, ended_at, ?) as bucket, status, count(*) as runs
                        from orchestrator.runs
                        where tenant_id = ? and ended_at >= ? and ended_at < ? and scope is null
                        group by 1, 2""")
                .params(width, EPOCH, tenantId, Timestamp.from(from), Timestamp.from(to))
                .query((row, n) -> {
                    int outcome = switch (row.getString("status")) {
                        case "completed" -> 1;
                        case "failed" -> 2;
                        default -> 3;
                    };
                    return counts.computeIfAbsent(row.getTimestamp("bucket").toInstant(),
                            start -> new long[4])[outcome] += row.getLong("runs");
                })
                .list();
        List<RunBucket> buckets = new ArrayList<>(counts.size());
        counts.forEach((start, c) -> buckets.add(new RunBucket(start, c[0], c[1], c[2], c[3])));
        return buckets;
    }

    private static String interval(Duration bucket) {
        return bucket.toSeconds() + " seconds";
    }
}
