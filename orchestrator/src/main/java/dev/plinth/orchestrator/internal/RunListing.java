package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.RunFilter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of one page of an app's runs, newest first. Only the filters given become predicates, so
 * every combination is a plain range over one of the listing indexes ({@code runs_listed*}, see
 * V10) rather than one catch-all statement whose generic plan would have to suit them all. An id
 * prefix becomes a range of the primary key.
 */
final class RunListing {

    /** A statement and its parameters, in order. */
    record Query(String sql, List<Object> params) {
    }

    private RunListing() {
    }

    /**
     * @param before   with {@code beforeId}, the keyset position of the last run of the previous page;
     *                 null for the first page
     */
    static Query page(String columns, UUID tenantId, UUID appId, RunFilter filter, Instant before, UUID beforeId,
            int limit) {
        StringBuilder sql = new StringBuilder("select ").append(columns)
                .append(" from orchestrator.runs where tenant_id = ? and app_id = ? and scope is null");
        List<Object> params = new ArrayList<>(List.of(tenantId, appId));
        if (filter.workflow() != null) {
            sql.append(" and workflow = ?");
            params.add(filter.workflow());
        }
        if (filter.status() != null) {
            sql.append(" and status = ?");
            params.add(filter.status());
        }
        if (filter.from() != null) {
            sql.append(" and created_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and created_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (filter.id() != null) {
            String digits = filter.id().replace("-", "").toLowerCase(java.util.Locale.ROOT);
            sql.append(" and id between ? and ?");
            params.add(uuid(digits, '0'));
            params.add(uuid(digits, 'f'));
        }
        if (before != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(Timestamp.from(before));
            params.add(beforeId);
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return new Query(sql.toString(), params);
    }

    /** The lowest or highest id starting with {@code digits} (hex, no dashes). */
    private static UUID uuid(String digits, char fill) {
        String hex = digits + String.valueOf(fill).repeat(32 - digits.length());
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
