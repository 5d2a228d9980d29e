package dev.plinth.platform.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Inbound webhooks: signed the GitHub and the Stripe way, tampered, replayed, and unsigned. */
@PlinthTest
class WebhookTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              triggers:
                - {name: stripe, type: webhook, workflow: handle,
                   signature: {secret: "${secret:hook-secret}", header: Stripe-Signature, algorithm: HmacSHA256, tolerance: PT5M}}
                - {name: github, type: webhook, workflow: handle,
                   signature: {secret: "${secret:hook-secret}", header: X-Hub-Signature-256}}
                - {name: open, type: webhook, workflow: handle}
                - {name: nightly, type: schedule, cron: "0 0 3 * * *", workflow: handle}
              workflows:
                - name: handle
                  steps:
                    - {id: note, type: transform, expression: 'input.event'}
                  output: {event: "${steps.note.output}"}
            """;

    static final String SECRET = "whsec-" + UUID.randomUUID();
    static final WebhookSignature SHA256 = new WebhookSignature("HmacSHA256", null);

    @LocalServerPort
    int port;

    Api api;
    Api anonymous;
    String tenant;
    String app;

    @BeforeEach
    void anAppWithWebhookTriggers() {
        Api root = new Api(port, TestKeys.ROOT_ADMIN);
        tenant = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
        api = root.as(root.postJson("/api/v1/tenants", "{\"name\":\"" + tenant + "\"}").body().at("/adminKey/key").asString());
        anonymous = new Api(port, null);
        app = "hooked";
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        assertThat(api.call("PUT", "/api/v1/secrets/hook-secret").json("{\"value\":\"" + SECRET + "\"}").send().status())
                .isEqualTo(201);
        Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send();
        assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
    }

    Api.Response deliver(String trigger, String header, String signature, String body) {
        Api.Call call = anonymous.call("POST", "/hooks/" + tenant + "/" + app + "/" + trigger).json(body);
        if (signature != null) {
            call.header(header, signature);
        }
        return call.send();
    }

    static String stripeSignature(long timestamp, String body, String secret) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(
                SHA256.hmac(secret, (timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static String githubSignature(String body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(SHA256.hmac(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    int runs() {
        return api.get("/api/v1/apps/" + app + "/runs").body().path("items").size();
    }

    @Test
    void aValidStripeStyleSignatureStartsARunAndAReplayReturnsTheSameRun() {
        String body = "{\"event\":\"paid\"}";
        String signature = stripeSignature(Instant.now().getEpochSecond(), body, SECRET);

        Api.Response accepted = deliver("stripe", "Stripe-Signature", signature, body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String runId = accepted.body().path("runId").asString();
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/apps/" + app + "/runs/" + runId);
        assertThat(api.get("/api/v1/apps/" + app + "/runs/" + runId).body().at("/input/event").asString())
                .isEqualTo("paid");

        Api.Response replayed = deliver("stripe", "Stripe-Signature", signature, body);
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.body().path("runId").asString()).isEqualTo(runId);
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void aReplayOutsideTheToleranceIsRefused() {
        String body = "{\"event\":\"paid\"}";
        long tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();

        Api.Response refused = deliver("stripe", "Stripe-Signature", stripeSignature(tenMinutesAgo, body, SECRET), body);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("detail").asString()).contains("outside the tolerance");
        assertThat(runs()).isZero();
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndStartsNothing() {
        String body = "{\"event\":\"paid\"}";
        long now = Instant.now().getEpochSecond();

        assertThat(deliver("stripe", "Stripe-Signature", stripeSignature(now, body, "wrong-secret"), body).status())
                .isEqualTo(401);
        assertThat(deliver("stripe", "Stripe-Signature", stripeSignature(now, body, SECRET),
                "{\"event\":\"tampered\"}").status()).isEqualTo(401);
        assertThat(deliver("stripe", "Stripe-Signature", null, body).status()).isEqualTo(401);
        assertThat(deliver("stripe", "Stripe-Signature", githubSignature(body, SECRET), body).body().path("detail")
                .asString()).contains("requires a timestamped signature");
        assertThat(deliver("github", "X-Hub-Signature-256", githubSignature(body, "wrong-secret"), body).status())
                .isEqualTo(401);
        Api.Response refused = deliver("github", "X-Hub-Signature-256", "sha256=00", body);
        assertThat(refused.text()).doesNotContain(SECRET);
        assertThat(runs()).isZero();
    }

    @Test
    void aValidGitHubStyleSignatureStartsARun() {
        String body = "{\"event\":\"push\"}";

        Api.Response accepted = deliver("github", "X-Hub-Signature-256", githubSignature(body, SECRET), body);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.body().path("runId").asString()).isNotBlank();
    }

    @Test
    void anUnsignedTriggerAcceptsAnyRequestAndUnknownAddressesAreNotFound() {
        assertThat(deliver("open", null, null, "{\"event\":\"ping\"}").status()).isEqualTo(202);

        assertThat(deliver("nightly", null, null, "{}").status()).as("a schedule trigger is no webhook").isEqualTo(404);
        assertThat(deliver("absent", null, null, "{}").status()).isEqualTo(404);
        assertThat(anonymous.call("POST", "/hooks/no-such-tenant/" + app + "/open").json("{}").send().status())
                .isEqualTo(404);
        assertThat(anonymous.call("POST", "/hooks/" + tenant + "/no-such-app/open").json("{}").send().status())
                .isEqualTo(404);
        assertThat(deliver("open", null, null, "not json").status()).isEqualTo(422);
    }

    @Test
    void anUnknownAlgorithmIsRefusedAtSubmission() {
        Api.Response refused = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml(APP.formatted(app).replace("algorithm: HmacSHA256", "algorithm: HmacMD5")).send();

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.pointers()).containsExactly("/spec/triggers/0/signature/algorithm");
    }
}
