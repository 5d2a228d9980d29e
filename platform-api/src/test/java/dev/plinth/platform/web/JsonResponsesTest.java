package dev.plinth.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** JSON answers go out whole, with their length ({@link JsonFlushDeferringFilter}). */
@PlinthTest
class JsonResponsesTest {

    @LocalServerPort
    int port;

    @Test
    void aJsonAnswerAndAProblemCarryTheirLengthAndAreNotChunked() {
        Api api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "json-" + UUID.randomUUID().toString().substring(0, 8);

        Api.Response created = api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertWhole(created);

        Api.Response appended = api.postJson("/api/v1/apps/" + app + "/memory/users/u-1/sessions/s-1/messages",
                "{\"role\":\"user\",\"content\":\"hello\"}");
        assertThat(appended.status()).isEqualTo(201);
        assertWhole(appended);

        Api.Response refused = api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertWhole(refused);
    }

    private static void assertWhole(Api.Response response) {
        assertThat(response.header("Transfer-Encoding")).as("chunked?").isNull();
        assertThat(response.header("Content-Length")).as("length")
                .isEqualTo(Integer.toString(response.text().getBytes(StandardCharsets.UTF_8).length));
    }
}
