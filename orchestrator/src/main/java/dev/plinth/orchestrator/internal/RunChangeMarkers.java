package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.RunChanges;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Change markers of many runs in one query: the run's status and last update, the count and latest
 * start or end of its step attempts, and the count and latest update of its child runs — all read
 * through the primary keys and the child-run index, never the runs' state documents.
 */
final class RunChangeMarkers implements RunChanges {

    private static final String MARKERS = """
            select r.id, concat_ws(':', r.status, %s, a.n, %s, c.n, %s)
            from orchestrator.runs r
            cross join lateral (select count(*) as n, max(greatest(started_at, ended_at)) as latest
                                from orchestrator.step_attempts where run_id = r.id) a
            cross join lateral (select count(*) as n, max(updated_at) as latest
                                from orchestrator.runs where parent_run_id = r.id) c
            where r.id = any(?::uuid[])""".formatted(micros("r.updated_at"), micros("a.latest"), micros("c.latest"));

    private final JdbcClient jdbc;

    RunChangeMarkers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, String> markers(Collection<UUID> runIds) {
        Map<UUID, String> markers = new HashMap<>();
        if (runIds.isEmpty()) {
            return markers;
        }
        String ids = runIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        jdbc.sql(MARKERS).param(ids).query(rs -> {
            markers.put(rs.getObject(1, UUID.class), rs.getString(2));
        });
        return markers;
    }

    /** A timestamp to the microsecond (Postgres's precision), so two changes within a millisecond differ. */
    private static String micros(String column) {
        return "(extract(epoch from " + column + ") * 1000000)::bigint";
    }
}
