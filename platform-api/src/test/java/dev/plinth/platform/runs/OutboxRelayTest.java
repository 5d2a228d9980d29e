package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The outbox relay: records of committed transactions are handed straight to it and leave no row
 * behind; a record whose hand-over was lost (its instance crashed between commit and send) is found
 * by the sweep once it is older than the sweep age, published with its key and headers, and deleted.
 */
@PlinthTest
class OutboxRelayTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Test
    void aRecordLeftBehindByACrashedInstanceIsSweptPublishedAndDeleted() {
        JdbcClient db = JdbcClient.create(dataSource);
        String topic = "plinth.test.swept-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        long id = db.sql("""
                insert into orchestrator.outbox (topic, record_key, payload, created_at, headers)
                values (?, ?, '{"type":"left-behind"}'::jsonb, now() - interval '1 minute',
                        '{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}'::jsonb)
                returning id""").params(topic, key).query(Long.class).single();

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        ConsumerRecord<String, String> record = received.get(0);
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.value()).contains("left-behind");
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                db.sql("select count(*) from orchestrator.outbox where id = ?").param(id).query(Long.class).single() == 0);
    }

    @Test
    void recordsHandedOverOnCommitLeaveNoRowsBehind() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "relay-" + UUID.randomUUID().toString().substring(0, 8);
        api.createApp(app, """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  connectors: {svc: {type: echo}}
                  workflows:
                    - name: three
                      steps:
                        - {id: a, type: call, connector: svc, with: {n: 1}}
                        - {id: b, type: call, connector: svc, with: {n: 2}}
                        - {id: c, type: call, connector: svc, with: {n: 3}}
                """.formatted(app));
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(api.postJson("/api/v1/apps/" + app + "/workflows/three/runs", "{}").body().path("id").asString());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> runs.stream()
                .allMatch(run -> "completed".equals(api.get("/api/v1/apps/" + app + "/runs/" + run).body()
                        .path("status").asString())));

        // Each run wrote four records (its start and three tasks); none may still be waiting for the sweep.
        JdbcClient db = JdbcClient.create(dataSource);
        await().atMost(Duration.ofSeconds(3)).until(() -> db.sql("""
                select count(*) from orchestrator.outbox where record_key = any(?)""")
                .param(runs.toArray(String[]::new)).query(Long.class).single() == 0);
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-relay-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
