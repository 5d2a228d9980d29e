package dev.plinth.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every client mistake gets a 4xx problem document with a stable type, and nothing is stored. */
@PlinthTest
class BadInputTest {

    static final String PROBLEMS = "https://plinth.dev/problems/";

    @LocalServerPort
    int port;

    Api api;
    String app;

    @BeforeEach
    void anApp() {
        api = new Api(port, TestKeys.ROOT_ADMIN);
        app = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
    }

    @Test
    void malformedJsonIs400() {
        Api.Response response = api.postJson("/api/v1/apps", "{\"name\": \"x\",");
        assertProblem(response, 400, "malformed-request");
    }

    @Test
    void malformedYamlDefinitionIs400WithTheLine() {
        Api.Response response = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml("apiVersion: plinth.dev/v1\nkind: App\nmetadata:\n  name: [unclosed\n").send();
        assertProblem(response, 400, "malformed-request");
        assertThat(response.body().path("errors").get(0).path("line").asInt()).isPositive();
    }

    @Test
    void duplicateYamlKeysAre400() {
        Api.Response response = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .yaml("apiVersion: plinth.dev/v1\nkind: App\nkind: App\n").send();
        assertProblem(response, 400, "malformed-request");
    }

    @Test
    void wrongFieldTypeIs400WithItsPointer() {
        Api.Response response = api.postJson("/api/v1/apps", "{\"name\": \"ok-name\", \"labels\": [1, 2]}");
        assertProblem(response, 400, "malformed-request");
        assertThat(response.pointers()).containsExactly("/labels");
        assertThat(response.body().path("errors").get(0).path("message").asString())
                .isEqualTo("expected an object, got an array");
    }

    @Test
    void aNumberWhereAStringBelongsIsNotSilentlyConverted() {
        Api.Response response = api.postJson("/api/v1/apps", "{\"name\": 5}");
        assertProblem(response, 400, "malformed-request");
        assertThat(response.pointers()).containsExactly("/name");
        assertThat(api.get("/api/v1/apps/5").status()).isEqualTo(404);
    }

    @Test
    void aBodyOfTheWrongShapeNamesNoJavaType() {
        for (String body : new String[] {"[1]", "\"text\"", "{\"name\":\"ok-name\",\"labels\":{\"a\":{}}}"}) {
            Api.Response response = api.postJson("/api/v1/apps", body);
            assertProblem(response, 400, "malformed-request");
            assertThat(response.text()).doesNotContain("java.").doesNotContain("$").doesNotContain("Controller");
        }
    }

    @Test
    void malformedJsonDefinitionIs400WithLineAndColumn() {
        Api.Response response = api.call("POST", "/api/v1/apps/" + app + "/revisions")
                .json("{\"apiVersion\": \"plinth.dev/v1\",").send();
        assertProblem(response, 400, "malformed-request");
        assertThat(response.body().path("errors").get(0).path("line").asInt()).isEqualTo(1);
        assertThat(response.body().path("column").asInt()).isPositive();
    }

    @Test
    void anEmptyBodyIs400() {
        assertProblem(api.call("POST", "/api/v1/apps").json("").send(), 400, "malformed-request");
        assertProblem(api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml("").send(), 400,
                "malformed-request");
    }

    @Test
    void unknownFieldIs400WithAHint() {
        Api.Response response = api.postJson("/api/v1/apps", "{\"name\": \"ok-name\", \"descripton\": \"typo\"}");
        assertProblem(response, 400, "malformed-request");
        assertThat(response.pointers()).containsExactly("/descripton");
        assertThat(response.body().path("errors").get(0).path("hint").asString()).contains("description");
    }

    @Test
    void missingAndInvalidFieldsAre422WithEveryPointer() {
        Api.Response response = api.postJson("/api/v1/apps",
                "{\"description\": \"" + "x".repeat(2001) + "\"}");
        assertProblem(response, 422, "validation-failed");
        assertThat(response.pointers()).containsExactly("/description", "/name");
    }

    @Test
    void wrongMediaTypeIs415() {
        assertProblem(api.call("POST", "/api/v1/apps").body("text/plain", "name=x").send(), 415,
                "unsupported-media-type");
        assertProblem(api.call("POST", "/api/v1/apps/" + app + "/revisions").body("application/xml", "<app/>").send(),
                415, "unsupported-media-type");
    }

    @Test
    void unknownRouteIs404() {
        assertProblem(api.get("/api/v1/nowhere"), 404, "not-found");
    }

    @Test
    void wrongMethodIs405() {
        Api.Response response = api.call("PUT", "/api/v1/apps").json("{}").send();
        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void oversizedBodyIs413() {
        String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(api.postJson("/api/v1/apps", huge), 413, "payload-too-large");
        assertThat(api.get("/api/v1/apps/big").status()).isEqualTo(404);
    }

    @Test
    void missingOrInvalidKeyIs401() {
        Api.Response missing = api.as(null).get("/api/v1/apps");
        assertProblem(missing, 401, "unauthenticated");
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(api.as("plk_0000000000000000_0000000000000000000000000000000000000000").get("/api/v1/apps"),
                401, "unauthenticated");
        assertProblem(api.as("not-a-key").get("/api/v1/apps"), 401, "unauthenticated");
    }

    @Test
    void duplicateAppIs409() {
        Api.Response response = api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        assertProblem(response, 409, "conflict");
        assertThat(response.pointers()).containsExactly("/name");
    }

    @Test
    void unknownReferencesAre422WithPointers() {
        String yaml = """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: %s}
                spec:
                  triggers:
                    - {name: hook, type: webhook, workflow: missing-workflow}
                  workflows:
                    - name: w
                      steps:
                        - {id: a, type: call, connector: nowhere, operation: x, next: nope}
                """.formatted(app);
        Api.Response response = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(yaml).send();
        assertProblem(response, 422, "invalid-definition");
        assertThat(response.pointers()).contains("/spec/triggers/0/workflow",
                "/spec/workflows/0/steps/0/connector", "/spec/workflows/0/steps/0/next");
    }

    @Test
    void badPaginationParametersAre400() {
        assertProblem(api.get("/api/v1/apps?limit=0"), 400, "invalid-parameter");
        assertProblem(api.get("/api/v1/apps?limit=lots"), 400, "invalid-parameter");
        assertProblem(api.get("/api/v1/apps?cursor=%21%21"), 400, "invalid-parameter");
        assertProblem(api.get("/api/v1/apps/" + app + "/revisions/abc"), 400, "invalid-parameter");
    }

    @Test
    void problemsNeverLeakInternals() {
        Api.Response response = api.postJson("/api/v1/apps", "{\"name\": {\"nested\": true}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).doesNotContain("tools.jackson").doesNotContain("java.lang")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    static void assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.body().path("type").asString()).isEqualTo(PROBLEMS + type);
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("title").asString()).isNotBlank();
    }
}
