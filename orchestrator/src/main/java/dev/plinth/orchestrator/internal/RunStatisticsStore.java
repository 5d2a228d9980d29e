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
 * follows the runs in the window, not the size of the history. Step latency starts from the same
 * range of ended runs and reaches each run's attempts through the primary key of
 * {@code step_attempts} (which begins with the run id), so it needs no index of its own and costs
 * the engine nothing on its hot path.
 */
class RunStatisticsStore implements RunStatistics {

    private static final Timestamp EPOCH = Timestamp.from(Instant.EPOCH);

    /**
     * Parameters: bucket width, origin, tenant, from, to. Grouping sets give the figures of each step
     * type and of the whole bucket in one pass (a percentile cannot be combined from per-type ones).
     * Each run's attempts are read by a lateral probe of the primary key; {@code offset 0} keeps the
     * planner from flattening it into a hash join, which would read all of {@code step_attempts}
     * whenever it guesses that cheaper, so the cost keeps following the runs in the window.
     */
    static final String STEP_LATENCY = """
            select bucket, step_type, grouping(step_type) = 1 as overall, count(*) as attempts,
                   avg(millis) as mean_millis,
                   percentile_cont(0.95) within group (order by millis) as p95_millis
            from (select date_bin(?::interval, r.ended_at, ?) as bucket, a.step_type, a.millis
                  from orchestrator.runs r
                  cross join lateral (
                      select step_type, extract(epoch from ended_at - started_at)::float8 * 1000 as millis
                      from orchestrator.step_attempts
                      where run_id = r.id and ended_at is not null
                      offset 0) a
                  where r.tenant_id = ? and r.ended_at >= ? and r.ended_at < ? and r.scope is null) ended
            group by grouping sets ((bucket, step_type), (bucket))
            order by bucket, overall desc, step_type""";

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

    @Override
    public List<StepLatency> stepLatency(UUID tenantId, Instant from, Instant to, Duration bucket) {
        return jdbc.sql(STEP_LATENCY)
                .params(interval(bucket), EPOCH, tenantId, Timestamp.from(from), Timestamp.from(to))
                .query((row, n) -> new StepLatency(row.getTimestamp("bucket").toInstant(),
                        row.getBoolean("overall") ? null : row.getString("step_type"), row.getLong("attempts"),
                        row.getDouble("mean_millis"), row.getDouble("p95_millis")))
                .list();
    }

    private static String interval(Duration bucket) {
        return bucket.toSeconds() + " seconds";
    }
}
