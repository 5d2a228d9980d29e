package dev.plinth.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.PlinthApplication;
import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.ConsoleSession;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Console sessions live in PostgreSQL: a second Plinth instance on the same database and broker
 * (started here beside the shared test application) honours a sign-in made on the first, its CSRF
 * token and its logout; disabling a user deletes their session rows; expired sessions are cleaned up.
 */
@PlinthTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSharedSessionsTest {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    JdbcConnectionDetails database;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    ConfigurableApplicationContext second;
    int secondPort;
    Api admin;

    @BeforeAll
    void startSecondInstance() throws IOException {
        Path unused = Files.createTempDirectory(Path.of("target"), "second-instance-");
        second = new SpringApplicationBuilder(PlinthApplication.class).run(
                "--server.port=0",
                "--plinth.data-dir=" + unused,
                "--plinth.db.url=" + database.getJdbcUrl(),
                "--plinth.db.user=" + database.getUsername(),
                "--plinth.db.password=" + database.getPassword(),
                "--plinth.kafka.bootstrap-servers=" + String.join(",", kafka.getBootstrapServers()),
                // Production instances share one master key; this one never reads a secret, so the
                // test key will do (the shared test application generates its own).
                "--plinth.secrets.master-key=" + TestKeys.SECRETS_MASTER_KEY);
        secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
        admin = new Api(port, TestKeys.ROOT_ADMIN);
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSignInOnOneInstanceHoldsOnTheOtherWithItsCsrfTokenAndItsLogout() {
        String email = newUser();
        ConsoleSession first = new ConsoleSession(port);
        Api.Response signedIn = first.signIn(email, PASSWORD);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Strict");
        ConsoleSession other = first.onPort(secondPort);

        Api.Response me = other.get("/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.body().path("keyId").asString()).isEqualTo("user:" + email);
        String app = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(other.postWithoutCsrf("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(403);
        Api.Response created = other.post("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        assertThat(created.status()).as("the CSRF token of the first instance's session").isEqualTo(201);

        assertThat(other.post("/console/logout", null).status()).isEqualTo(204);

        assertThat(first.get("/api/v1/apps").status()).as("signed out everywhere").isEqualTo(401);
    }

    @Test
    void disablingAUserDeletesTheirSessionsForEveryInstance() {
        String email = newUser();
        ConsoleSession first = new ConsoleSession(port);
        first.signIn(email, PASSWORD);
        String id = userId(email);
        assertThat(sessionRows(id)).isEqualTo(1);

        Api.Response disabled = new Api(secondPort, TestKeys.ROOT_ADMIN).postJson(
                "/api/v1/console-users/" + id + "/disable", "{}");

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(sessionRows(id)).as("the session row is gone").isZero();
        assertThat(first.get("/api/v1/apps").status()).isEqualTo(401);
        assertThat(first.onPort(secondPort).get("/api/v1/apps").status()).isEqualTo(401);
    }

    @Test
    void expiredSessionsAreCleanedUp() {
        String email = newUser();
        ConsoleSession first = new ConsoleSession(port);
        first.signIn(email, PASSWORD);
        String id = userId(email);
        JdbcClient.create(dataSource).sql("update platform.console_sessions set expiry_time = ? where principal_name = ?")
                .params(System.currentTimeMillis() - 1000, id).update();

        sessions.cleanUpExpiredSessions();

        assertThat(sessionRows(id)).isZero();
        assertThat(first.get("/api/v1/apps").status()).isEqualTo(401);
    }

    String newUser() {
        String email = "shared-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Api.Response created = admin.postJson("/api/v1/console-users",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"builder\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    String userId(String email) {
        return admin.get("/api/v1/console-users").body().path("items").valueStream()
                .filter(user -> user.path("email").asString().equals(email)).findFirst().orElseThrow()
                .path("id").asString();
    }

    int sessionRows(String userId) {
        return JdbcClient.create(dataSource).sql("select count(*) from platform.console_sessions where principal_name = ?")
                .param(userId).query(Integer.class).single();
    }
}
