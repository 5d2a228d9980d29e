package dev.plinth.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Listing runs by start time and by id or id prefix ({@code GET /api/v1/apps/{app}/runs}). */
@PlinthTest
class RunListFiltersTest {

    static final String APP = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: %s}
            spec:
              workflows:
                - name: quick
                  steps:
                    - {id: done, type: succeed}
            """;

    @LocalServerPort
    int port;

    Api api;
    String runs;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        String app = "find-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        assertThat(api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(APP.formatted(app)).send().status())
                .isEqualTo(201);
        runs = "/api/v1/apps/" + app + "/runs";
    }

    JsonNode start() {
        Api.Response started = api.postJson(runs.replace("/runs", "/workflows/quick/runs"), "{\"input\":{}}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.body();
    }

    List<String> ids(String query) {
        Api.Response listed = api.get(runs + query);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        listed.body().path("items").forEach(run -> ids.add(run.path("id").asString()));
        return ids;
    }

    @Test
    void runsAreFoundByStartTimeRange() {
        String first = start().path("id").asString();
        String second = start().path("id").asString();
        Instant secondStarted = Instant.parse(api.get(runs + "/" + second).body().path("createdAt").asString());
        String third = start().path("id").asString();
        Instant thirdStarted = Instant.parse(api.get(runs + "/" + third).body().path("createdAt").asString());

        assertThat(ids("?from=" + secondStarted)).containsExactly(third, second);
        assertThat(ids("?to=" + secondStarted)).containsExactly(first);
        assertThat(ids("?from=" + secondStarted + "&to=" + thirdStarted)).containsExactly(second);
        assertThat(ids("?from=" + thirdStarted.plusSeconds(60))).isEmpty();
        // An offset date-time names the same instant as its UTC spelling.
        String offset = secondStarted.atOffset(java.time.ZoneOffset.ofHours(2)).toString().replace("+", "%2B");
        assertThat(ids("?from=" + offset)).containsExactly(third, second);
        assertThat(ids("?from=" + secondStarted + "&limit=1")).containsExactly(third);
    }

    @Test
    void runsAreFoundByIdOrIdPrefix() {
        String id = start().path("id").asString();
        start();
        assertThat(ids("?id=" + id)).containsExactly(id);
        assertThat(ids("?id=" + id.substring(0, 8))).contains(id)
                .allSatisfy(found -> assertThat(found).startsWith(id.substring(0, 8)));
        assertThat(ids("?id=" + id.substring(0, 13).toUpperCase())).containsExactly(id);
        assertThat(ids("?id=" + id.replace("-", ""))).containsExactly(id);
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        assertThat(refused("?from=yesterday")).isEqualTo("/from");
        assertThat(refused("?to=2026-13-01T00:00:00Z")).isEqualTo("/to");
        assertThat(refused("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).isEqualTo("/from");
        assertThat(refused("?id=abc")).isEqualTo("/id");
        assertThat(refused("?id=not-hex-at-all")).isEqualTo("/id");
    }

    String refused(String query) {
        Api.Response response = api.get(runs + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.pointers().get(0);
    }
}
