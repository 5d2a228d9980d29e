package dev.plinth.platform.triggers;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code kafka} triggers of every app's latest revision straight from the registry's tables. */
class KafkaTriggerStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    KafkaTriggerStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<KafkaTrigger> current() {
        return jdbc.sql("""
                select a.tenant_id, a.id, a.name, r.number, t::text,
                       r.definition -> 'spec' -> 'connectors' -> (t ->> 'connector')
                from platform.apps a
                join platform.revisions r on r.app_id = a.id and r.number = a.latest_revision
                cross join lateral jsonb_path_query(r.definition, '$.spec.triggers[*] ? (@.type == "kafka")') t""")
                .query((rs, row) -> {
                    JsonNode trigger = json.readTree(rs.getString(5));
                    String cluster = rs.getString(6);
                    JsonNode connector = cluster == null ? null : json.readTree(cluster);
                    boolean ownCluster = connector == null || !connector.path("bootstrapServers").isString();
                    return new KafkaTrigger(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getInt(4), trigger.path("name").asString(), trigger.path("workflow").asString(),
                            trigger.path("topic").asString(), ownCluster ? null : connector);
                })
                .list();
    }

    JsonNode definition(UUID appId, int revision) {
        return jdbc.sql("select definition::text from platform.revisions where app_id = ? and number = ?")
                .params(appId, revision).query(String.class).optional().map(json::readTree).orElse(null);
    }
}
