package dev.plinth.platform.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.JsonNode;

/**
 * The README's example app, {@code examples/support-desk.yaml}, end to end: a signed webhook
 * starts the workflow, which reads the customer from a PostgreSQL database (SQL connector), their
 * tier from a CRM behind OAuth2 client credentials (HTTP connector), has an LLM draft the reply
 * (structured output) and publishes it to Kafka. The CRM and the LLM are third-party systems,
 * simulated with WireMock; the database and Kafka are real.
 */
@PlinthTest
class SupportDeskExampleTest {

    @RegisterExtension
    static WireMockExtension thirdParties = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    static final String EMAIL = "ada@example.com";
    /** The customer's tier at the CRM, the e-mail address as a path segment (`@` may be encoded). */
    static final String TIER_PATH = "/api/customers/ada(@|%40)example\\.com/tier";
    static final String HOOK_SECRET = "whsec-" + UUID.randomUUID();
    static final String CRM_SECRET = "crm-" + UUID.randomUUID();
    static final String LLM_KEY = "sk-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Test
    void aSignedEmailIsLookedUpEnrichedDraftedAndPublished() throws Exception {
        Api root = new Api(port, TestKeys.ROOT_ADMIN);
        String tenant = "desk-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = root.as(root.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body()
                .at("/adminKey/key").asString());
        String jdbcUrl = customersDatabase();
        stubCrmAndLlm();
        for (Map.Entry<String, String> secret : Map.of("customers-db-password", "unused-by-trust-auth",
                "crm-client-secret", CRM_SECRET, "llm-api-key", LLM_KEY, "mail-hook-secret", HOOK_SECRET).entrySet()) {
            assertThat(api.call("PUT", "/api/v1/secrets/" + secret.getKey())
                    .json("{\"value\":\"" + secret.getValue() + "\"}").send().status()).isEqualTo(201);
        }

        String definition = Files.readString(Path.of("../examples/support-desk.yaml"))
                .replace("jdbc:postgresql://db.example.com:5432/support", jdbcUrl)
                .replace("username: support_reader", "username: postgres")
                .replace("https://crm.example.com", thirdParties.baseUrl())
                .replace("https://llm.example.com", thirdParties.baseUrl());
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"support-desk\"}").status()).isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/support-desk/revisions").yaml(definition).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);

        String email = "{\"email\":\"" + EMAIL + "\",\"body\":\"Where is my parcel?\"}";
        Api.Response accepted = new Api(port, null).call("POST", "/hooks/" + tenant + "/support-desk/inbound-email")
                .header("X-Hub-Signature-256", "sha256=" + hmac(HOOK_SECRET, email)).json(email).send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String runPath = "/api/v1/apps/support-desk/runs/" + accepted.body().path("runId").asString();

        await().atMost(Duration.ofSeconds(90)).until(() -> !"running".equals(api.get(runPath).body()
                .path("status").asString()));
        JsonNode run = api.get(runPath).body();
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.at("/output/reply").asString()).isEqualTo("Your parcel left today, Ada.");
        assertThat(run.at("/output/intent").asString()).isEqualTo("question");
        assertThat(run.at("/output/tier").asString()).isEqualTo("gold");

        thirdParties.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
        thirdParties.verify(getRequestedFor(urlMatching(TIER_PATH))
                .withHeader("Authorization", equalTo("Bearer crm-token-1")));
        thirdParties.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + LLM_KEY))
                .withRequestBody(containing("Ada Lovelace")).withRequestBody(containing("gold")));

        ConsumerRecord<String, String> published = publishedReply();
        assertThat(published.value()).contains("Your parcel left today, Ada.", "\"intent\":\"question\"");

        String history = api.get(runPath + "/history").text();
        assertThat(history + run).doesNotContain(CRM_SECRET, LLM_KEY, HOOK_SECRET, "crm-token-1");
    }

    /** A database of its own on the embedded PostgreSQL, with the one customer the e-mail is from. */
    private String customersDatabase() throws Exception {
        String database = "support_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection plinth = dataSource.getConnection(); Statement statement = plinth.createStatement()) {
            statement.execute("create database " + database);
        }
        String plinthUrl = ((HikariDataSource) dataSource).getJdbcUrl();
        String url = plinthUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        try (Connection customers = DriverManager.getConnection(url, "postgres", "");
                Statement statement = customers.createStatement()) {
            statement.execute("create table customers (email text primary key, name text, open_orders int)");
            statement.execute("insert into customers values ('" + EMAIL + "', 'Ada Lovelace', 2)");
        }
        return url;
    }

    private static void stubCrmAndLlm() {
        thirdParties.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(
                "{\"access_token\":\"crm-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        thirdParties.stubFor(get(urlMatching(TIER_PATH))
                .withHeader("Authorization", equalTo("Bearer crm-token-1"))
                .willReturn(okJson("{\"tier\":\"gold\"}")));
        thirdParties.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"model": "support-model", "choices": [{"index": 0, "finish_reason": "stop", "message": {
                  "role": "assistant",
                  "content": "{\\"reply\\": \\"Your parcel left today, Ada.\\", \\"intent\\": \\"question\\"}"}}],
                 "usage": {"prompt_tokens": 120, "completion_tokens": 14, "total_tokens": 134}}""")));
    }

    private ConsumerRecord<String, String> publishedReply() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaAdmin.getConfigurationProperties().get("bootstrap.servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "support-desk-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("support.replies"));
            ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (EMAIL.equals(record.key())) {
                        found[0] = record;
                    }
                });
                return found[0] != null;
            });
            return found[0];
        }
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
