package dev.plinth.platform.deployments;

import dev.plinth.platform.support.PlinthTest;
import static dev.plinth.platform.deployments.Deploying.SECRET;
import static dev.plinth.platform.deployments.Deploying.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.cli.Plinth;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The {@code plinth} CLI's commands, run in-process against the running server as a CI pipeline
 * runs them: apply, deploy with --wait, promote, status, rollback, with their exit codes and output.
 */
@PlinthTest
class CliDeployFlowTest {

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    Api admin;
    String builderKey;
    String deployerKey;
    String app;

    /** One run of the CLI: exit code and what it printed. */
    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void keys() {
        admin = new Api(port, TestKeys.ROOT_ADMIN);
        Deploying.secret(admin, SECRET, "cli-secret-value");
        builderKey = createKey(admin, "builder");
        deployerKey = createKey(admin, "deployer");
        app = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void applyDeployPromoteStatusAndRollBack() throws IOException {
        Path v1 = definition("v1.yaml", SECRET, 1);
        Result applied = plinth(builderKey, "apply", "-f", v1.toString(), "--app", app);
        assertThat(applied.code()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("created revision 1 of app " + app);
        assertThat(plinth(builderKey, "apply", "-f", v1.toString(), "--app", app).out())
                .contains("unchanged, revision 1");

        Result staged = plinth(builderKey, "deploy", "--app", app, "--revision", "1", "--env", "staging", "--wait");
        assertThat(staged.code()).as(staged.toString()).isZero();
        assertThat(staged.out()).contains("revision 1 to staging is active", "smoke: passed");

        Result refused = plinth(builderKey, "promote", "--app", app, "--from", "staging", "--to", "prod");
        assertThat(refused.code()).isEqualTo(Plinth.USAGE);
        assertThat(refused.err()).contains("403", "only from keys with role deployer");

        Result promoted = plinth(deployerKey, "promote", "--app", app, "--from", "staging", "--to", "prod", "--wait");
        assertThat(promoted.code()).as(promoted.toString()).isZero();
        assertThat(promoted.out()).contains("revision 1 to prod is active");

        Path v2 = definition("v2.yaml", SECRET, 2);
        Result fromFile = plinth(builderKey, "deploy", "--app", app, "--file", v2.toString(), "--env", "staging",
                "--wait", "--output", "json");
        assertThat(fromFile.code()).as(fromFile.toString()).isZero();
        JsonNode deployment = Api.json(fromFile.out());
        assertThat(deployment.path("revision").asInt()).isEqualTo(2);
        assertThat(deployment.path("status").asString()).isEqualTo("active");
        assertThat(plinth(deployerKey, "promote", "--app", app, "--from", "staging", "--to", "prod", "--wait").code())
                .isZero();

        Result status = plinth(deployerKey, "status", "--app", app);
        assertThat(status.code()).isZero();
        assertThat(status.out()).containsPattern("staging\\s+2\\s").containsPattern("prod\\s+2\\s")
                .containsPattern("dev\\s+-\\s");

        Result rolledBack = plinth(deployerKey, "rollback", "--app", app, "--env", "prod");
        assertThat(rolledBack.code()).as(rolledBack.toString()).isZero();
        assertThat(rolledBack.out()).contains("revision 1 to prod is active");
        Result nothingLeft = plinth(deployerKey, "rollback", "--app", app, "--env", "prod");
        assertThat(nothingLeft.code()).isEqualTo(Plinth.FAILED);
        assertThat(nothingLeft.err()).contains("409", "no earlier one to roll back to");

        for (Result result : new Result[] {applied, staged, promoted, fromFile, status, rolledBack, nothingLeft}) {
            assertThat(result.out() + result.err()).doesNotContain(builderKey, deployerKey, "cli-secret-value");
        }
    }

    @Test
    void aFailedCheckExitsWithOneAndSaysWhichCheckFailed() throws IOException {
        Path missing = definition("missing.yaml", "not-there", 1);
        Result failed = plinth(builderKey, "deploy", "--app", app, "--file", missing.toString(), "--env", "dev",
                "--wait");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(Plinth.FAILED);
        assertThat(failed.out()).contains("is failed", "secrets: failed", "check 'secrets' failed", "not-there");
    }

    @Test
    void waitingLongerThanTheTimeoutExitsWithThree() throws IOException {
        Path slow = Files.writeString(dir.resolve("slow.yaml"), Deploying.APP.formatted(app, SECRET, 1, 0)
                .replace("failAttempts: 0}", "failAttempts: 0, delayMs: 10000}"));
        Result result = plinth(builderKey, "deploy", "--app", app, "--file", slow.toString(), "--env", "staging",
                "--wait", "--timeout", "1s");
        assertThat(result.code()).as(result.toString()).isEqualTo(Plinth.TIMED_OUT);
        assertThat(result.err()).contains("is still", "after 1s");
    }

    @Test
    void aRunStartedInAnEnvironmentUsesTheRevisionActiveThere() throws IOException {
        plinth(builderKey, "deploy", "--app", app, "--file", definition("v1.yaml", SECRET, 1).toString(), "--env",
                "dev", "--wait");
        plinth(builderKey, "apply", "-f", definition("v2.yaml", SECRET, 2).toString(), "--app", app);

        Result inDev = plinth(builderKey, "runs", "start", "--app", app, "--workflow", "hello", "--env", "dev",
                "--wait");
        assertThat(inDev.code()).as(inDev.toString()).isZero();
        assertThat(inDev.out()).contains("of hello (revision 1) is completed");
        Result latest = plinth(builderKey, "runs", "start", "--app", app, "--workflow", "hello", "-o", "json");
        assertThat(Api.json(latest.out()).path("revision").asInt()).isEqualTo(2);
        Result got = plinth(builderKey, "runs", "get", "--app", app, Api.json(latest.out()).path("id").asString());
        assertThat(got.code()).isZero();
        assertThat(got.out()).contains("(revision 2)");
    }

    @Test
    void anInvalidDefinitionIsReportedAsFileLinePointerMessage() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Deploying.APP.formatted(app, SECRET, 1, 0).replace("connector: orders",
                "connector: nowhere"));
        Result result = plinth(builderKey, "apply", "-f", bad.toString(), "--app", app);
        assertThat(result.code()).isEqualTo(Plinth.FAILED);
        assertThat(result.err()).containsPattern(java.util.regex.Pattern.quote(bad.toString())
                + ":\\d+: /spec/workflows/0/steps/0/connector ");
    }

    @Test
    void usageAndAuthenticationErrorsExitWithTwo() {
        assertThat(plinth(builderKey, "deploy", "--app", app, "--env", "dev").code()).isEqualTo(Plinth.USAGE);
        assertThat(plinth(builderKey, "deploy", "--app", app, "--revision", "1", "--file", "x.yaml", "--env", "dev")
                .code()).isEqualTo(Plinth.USAGE);
        Result wrongKey = plinth("plk_notAKey", "status", "--app", app);
        assertThat(wrongKey.code()).isEqualTo(Plinth.USAGE);
        assertThat(wrongKey.err()).contains("401").doesNotContain("plk_notAKey");
        Result noKey = run(Map.of("PLINTH_SERVER", server()), "status", "--app", app);
        assertThat(noKey.code()).isEqualTo(Plinth.USAGE);
        assertThat(noKey.err()).contains("PLINTH_API_KEY");
    }

    private Path definition(String file, String secret, int marker) throws IOException {
        return Files.writeString(dir.resolve(file), Deploying.APP.formatted(app, secret, marker, 0));
    }

    private String server() {
        return "http://localhost:" + port;
    }

    private Result plinth(String key, String... args) {
        return run(Map.of("PLINTH_SERVER", server(), "PLINTH_API_KEY", key), args);
    }

    private static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Plinth.execute(args, new PrintWriter(out), new PrintWriter(err), environment);
        return new Result(code, out.toString(), err.toString());
    }
}
