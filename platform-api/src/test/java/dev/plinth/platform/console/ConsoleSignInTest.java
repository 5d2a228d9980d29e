package dev.plinth.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import dev.plinth.platform.support.ConsoleSession;
import dev.plinth.platform.support.PlinthTest;
import dev.plinth.platform.support.TestKeys;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Console sign-in over plain HTTP: sessions, CSRF, lockout, roles, logout and disabled users. */
@PlinthTest
class ConsoleSignInTest {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    Api admin;

    @BeforeEach
    void setUp() {
        admin = new Api(port, TestKeys.ROOT_ADMIN);
    }

    String newUser(String role) {
        String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Api.Response created = admin.postJson("/api/v1/console-users",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text()).doesNotContain(PASSWORD).doesNotContain("$2a$");
        return email;
    }

    @Test
    void theFirstAdminSignsInAndUsesTheApiWithTheSession() {
        ConsoleSession browser = new ConsoleSession(port);
        Api.Response signedIn = browser.signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.body().path("user").path("role").asString()).isEqualTo("admin");

        assertThat(browser.get("/api/v1/apps").status()).isEqualTo(200);
        Api.Response me = browser.get("/api/v1/me");
        assertThat(me.body().path("role").asString()).isEqualTo("admin");
        assertThat(me.body().path("keyId").asString()).isEqualTo("user:" + TestKeys.CONSOLE_ADMIN_EMAIL);
        assertThat(me.body().path("tenant").path("root").asBoolean()).isTrue();

        String app = "console-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = browser.post("/api/v1/apps", "{\"name\":\"" + app + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().path("createdBy").asString()).isEqualTo("user:" + TestKeys.CONSOLE_ADMIN_EMAIL);
        Api.Response audited = admin.get("/api/v1/audit?action=app.created&keyId=user:" + TestKeys.CONSOLE_ADMIN_EMAIL);
        assertThat(audited.body().path("items").findValuesAsString("resourceId")).as("the audit log names the person")
                .contains(app);
    }

    @Test
    void aSessionWriteWithoutTheCsrfTokenIsRefused() {
        ConsoleSession browser = new ConsoleSession(port);
        browser.signIn(TestKeys.CONSOLE_ADMIN_EMAIL, TestKeys.CONSOLE_ADMIN_PASSWORD);

        Api.Response forged = browser.postWithoutCsrf("/api/v1/apps", "{\"name\":\"forged-app\"}");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body().path("detail").asString()).contains("CSRF");
        assertThat(admin.get("/api/v1/apps/forged-app").status()).isEqualTo(404);
    }

    @Test
    void signInItselfNeedsTheCsrfTokenOfAnOpenedSession() {
        ConsoleSession browser = new ConsoleSession(port);

        Api.Response forged = browser.postWithoutCsrf("/console/login", "{\"email\":\""
                + TestKeys.CONSOLE_ADMIN_EMAIL + "\",\"password\":\"" + TestKeys.CONSOLE_ADMIN_PASSWORD + "\"}");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(browser.get("/console/session").body().path("user").isNull()).isTrue();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountButNotOthers() {
        String email = newUser("builder");
        for (int i = 0; i < 5; i++) {
            Api.Response wrong = new ConsoleSession(port).signIn(email, "wrong-password-" + i);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.contentType()).contains("application/problem+json");
        }

        assertThat(new ConsoleSession(port).signIn(email, PASSWORD).status()).isEqualTo(401);
        JsonNode user = admin.get("/api/v1/console-users").body().path("items").valueStream()
                .filter(u -> u.path("email").asString().equals(email)).findFirst().orElseThrow();
        assertThat(user.path("lockedUntil").isNull()).as("listed as locked").isFalse();
        assertThat(new ConsoleSession(port).signIn(newUser("builder"), PASSWORD).status()).isEqualTo(200);

        Api.Response reset = admin.postJson("/api/v1/console-users/" + user.path("id").asString() + "/password",
                "{\"password\":\"a-brand-new-password\"}");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(new ConsoleSession(port).signIn(email, "a-brand-new-password").status())
                .as("an admin's reset lifts the lock").isEqualTo(200);
    }

    @Test
    void aViewerSessionReadsButCannotWrite() {
        ConsoleSession viewer = new ConsoleSession(port);
        assertThat(viewer.signIn(newUser("viewer"), PASSWORD).status()).isEqualTo(200);

        assertThat(viewer.get("/api/v1/apps").status()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/apps", "{\"name\":\"viewer-app\"}").status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/keys", "{\"name\":\"k\",\"role\":\"admin\"}").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/console-users").status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/console-users", "{\"email\":\"x@example.com\",\"password\":\""
                + PASSWORD + "\",\"role\":\"admin\"}").status()).isEqualTo(403);
    }

    @Test
    void logoutEndsTheSession() {
        ConsoleSession browser = new ConsoleSession(port);
        browser.signIn(newUser("viewer"), PASSWORD);
        assertThat(browser.postWithoutCsrf("/console/logout", null).status()).isEqualTo(403);

        assertThat(browser.post("/console/logout", null).status()).isEqualTo(204);

        assertThat(browser.get("/api/v1/apps").status()).isEqualTo(401);
    }

    @Test
    void disablingAUserEndsTheirSessionAtOnce() {
        String email = newUser("builder");
        ConsoleSession browser = new ConsoleSession(port);
        browser.signIn(email, PASSWORD);
        assertThat(browser.get("/api/v1/apps").status()).isEqualTo(200);
        String id = admin.get("/api/v1/console-users").body().path("items").valueStream()
                .filter(user -> user.path("email").asString().equals(email)).findFirst().orElseThrow()
                .path("id").asString();

        Api.Response disabled = admin.postJson("/api/v1/console-users/" + id + "/disable", "{}");

        assertThat(disabled.body().path("disabled").asBoolean()).isTrue();
        assertThat(browser.get("/api/v1/apps").status()).isEqualTo(401);
        assertThat(new ConsoleSession(port).signIn(email, PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void apiKeyRequestsStayStateless() {
        Api.Response apps = admin.get("/api/v1/apps");
        assertThat(apps.status()).isEqualTo(200);
        assertThat(apps.header("Set-Cookie")).isNull();
    }

    @Test
    void badConsoleUsersAreRefusedWithPointers() {
        assertThat(admin.postJson("/api/v1/console-users",
                "{\"email\":\"not-an-email\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}").pointers())
                .containsExactly("/email");
        assertThat(admin.postJson("/api/v1/console-users",
                "{\"email\":\"short@example.com\",\"password\":\"short\",\"role\":\"viewer\"}").pointers())
                .containsExactly("/password");
        assertThat(admin.postJson("/api/v1/console-users",
                "{\"email\":\"role@example.com\",\"password\":\"" + PASSWORD + "\",\"role\":\"owner\"}").pointers())
                .containsExactly("/role");
        String email = newUser("viewer");
        assertThat(admin.postJson("/api/v1/console-users", "{\"email\":\"" + email.toUpperCase()
                + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}").status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/console-users/" + UUID.randomUUID()).status()).isEqualTo(404);
    }
}
