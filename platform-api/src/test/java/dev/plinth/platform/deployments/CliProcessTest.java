package dev.plinth.platform.deployments;

import static dev.plinth.platform.deployments.Deploying.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The {@code plinth} CLI as a CI pipeline runs it: {@code java -jar cli/target/plinth-cli.jar} (packaged
 * by the reactor before these tests) as a separate process, configured by {@code PLINTH_URL} and
 * {@code PLINTH_API_KEY}, against the running server. Asserts exit codes and {@code -o json} output.
 */
@PlinthTest
class CliProcessTest {

    static final Path JAR = Path.of("..", "cli", "target", "plinth-cli.jar");

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    String builderKey;
    String app;
    int invocations;

    /** One run of the CLI process: exit code and what it printed. */
    record Result(int code, String out, String err) {

        JsonNode json() {
            return Api.json(out);
        }

        /** Standard output as one JSON object per line. */
        List<JsonNode> events() {
            return out.lines().filter(line -> !line.isBlank()).map(Api::json).toList();
        }
    }

    @BeforeEach
    void keys() {
        assertThat(JAR).as("the CLI jar, built by the reactor's package phase").exists();
        Api admin = new Api(port, TestKeys.ROOT_ADMIN);
        Deploying.secret(admin, SECRET, "cli-process-secret");
        builderKey = Deploying.createKey(admin, "builder");
        app = "clip-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void pushThenDeployWithWaitExitsZeroAndPrintsTheActiveDeployment() throws Exception {
        Result pushed = plinth("apps", "push", definition("app.yaml", SECRET, 1, 0).toString(), "-o", "json");
        assertThat(pushed.code()).as(pushed.toString()).isZero();
        assertThat(pushed.json().path("app").asString()).as("the name comes from metadata.name").isEqualTo(app);
        assertThat(pushed.json().path("revision").asInt()).isEqualTo(1);
        assertThat(pushed.json().path("created").asBoolean()).isTrue();

        Result deployed = plinth("deploy", "--app", app, "--revision", "1", "--env", "staging", "--wait",
                "--output", "json");
        assertThat(deployed.code()).as(deployed.toString()).isZero();
        JsonNode deployment = deployed.json();
        assertThat(deployment.path("status").asString()).isEqualTo("active");
        assertThat(deployment.path("revision").asInt()).isEqualTo(1);
        assertThat(deployment.path("environment").asString()).isEqualTo("staging");
        assertThat(check(deployment, "smoke").path("status").asString()).isEqualTo("passed");
        assertThat(pushed.out() + pushed.err() + deployed.out() + deployed.err())
                .doesNotContain(builderKey, "cli-process-secret");
    }

    @Test
    void aDeploymentWhoseSecretIsMissingExitsWithOneAndNamesTheCheck() throws Exception {
        Path missing = definition("missing.yaml", "not-there", 1, 0);
        Result failed = plinth("deploy", "--app", app, "--file", missing.toString(), "--env", "dev", "--wait",
                "-o", "json");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.json().path("status").asString()).isEqualTo("failed");
        JsonNode secrets = check(failed.json(), "secrets");
        assertThat(secrets.path("status").asString()).isEqualTo("failed");
        assertThat(secrets.path("detail").asString()).contains("not-there");
    }

    @Test
    void waitingLongerThanTheTimeoutExitsWithThree() throws Exception {
        Path slow = Files.writeString(dir.resolve("slow.yaml"), Deploying.APP.formatted(app, SECRET, 1, 0)
                .replace("failAttempts: 0}", "failAttempts: 0, delayMs: 10000}"));
        Result result = plinth("deploy", "--app", app, "--file", slow.toString(), "--env", "staging", "--wait",
                "--timeout", "1s", "-o", "json");
        assertThat(result.code()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("is still", "after 1s");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Result neither = plinth("deploy", "--app", app, "--env", "dev");
        assertThat(neither.code()).as(neither.toString()).isEqualTo(2);
        assertThat(neither.err()).contains("--revision");

        Result badFormat = plinth("status", "--app", app, "-o", "yaml");
        assertThat(badFormat.code()).as(badFormat.toString()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--output must be text or json");

        Path nameless = Files.writeString(dir.resolve("nameless.yaml"), "apiVersion: plinth.dev/v1\nkind: App\n");
        Result noName = plinth("apps", "push", nameless.toString());
        assertThat(noName.code()).as(noName.toString()).isEqualTo(2);
        assertThat(noName.err()).contains("no metadata.name; pass --app");
    }

    @Test
    void watchingARunPrintsEachStepAttemptAndExitsWithTheRunsOutcome() throws Exception {
        Path file = definition("app.yaml", SECRET, 1, 1);
        assertThat(plinth("apps", "push", file.toString()).code()).isZero();
        Result started = plinth("runs", "start", "--app", app, "--workflow", "hello", "--wait", "-o", "json");
        assertThat(started.code()).as(started.toString()).isZero();
        String run = started.json().path("id").asString();

        Result watched = plinth("runs", "watch", "--app", app, run, "-o", "json");
        assertThat(watched.code()).as(watched.toString()).isZero();
        List<JsonNode> events = watched.events();
        JsonNode say = events.get(0);
        assertThat(say.path("event").asString()).isEqualTo("step");
        assertThat(say.path("stepId").asString()).isEqualTo("say");
        assertThat(say.path("attempt").asInt()).isEqualTo(1);
        assertThat(say.path("status").asString()).isEqualTo("completed");
        assertThat(say.has("durationMs")).isTrue();
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("event").asString()).isEqualTo("run");
        assertThat(last.path("id").asString()).isEqualTo(run);
        assertThat(last.path("status").asString()).isEqualTo("completed");

        Result text = plinth("runs", "watch", "--app", app, run);
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("say\\s+1\\s+completed").contains("of hello (revision 1) is completed");

        // The smoke workflow of this revision fails its only attempt: --watch follows it to exit code 1.
        Result failed = plinth("runs", "start", "--app", app, "--workflow", "smoke", "--watch", "-o", "json");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        List<JsonNode> failedEvents = failed.events();
        JsonNode probe = failedEvents.stream().filter(event -> "probe".equals(event.path("stepId").asString())
                && "failed".equals(event.path("status").asString())).findFirst().orElseThrow();
        assertThat(probe.at("/error/type").asString()).isEqualTo("server-error");
        assertThat(failedEvents.get(failedEvents.size() - 1).path("status").asString()).isEqualTo("failed");
    }

    private static JsonNode check(JsonNode deployment, String name) {
        for (JsonNode check : deployment.path("checks")) {
            if (name.equals(check.path("name").asString())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + deployment);
    }

    private Path definition(String file, String secret, int marker, int smokeFailures) throws IOException {
        return Files.writeString(dir.resolve(file), Deploying.APP.formatted(app, secret, marker, smokeFailures));
    }

    private Result plinth(String... args) throws IOException, InterruptedException {
        int call = ++invocations;
        Path out = dir.resolve("out-" + call + ".txt");
        Path err = dir.resolve("err-" + call + ".txt");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // PLINTH_SERVER would take precedence over PLINTH_URL; the pipeline's variables are the test's only ones.
        builder.environment().remove("PLINTH_SERVER");
        builder.environment().put("PLINTH_URL", "http://localhost:" + port);
        builder.environment().put("PLINTH_API_KEY", builderKey);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("plinth " + String.join(" ", args) + " did not exit");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
