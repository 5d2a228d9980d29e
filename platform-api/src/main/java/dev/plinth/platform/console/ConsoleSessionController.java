package dev.plinth.platform.console;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.ConsoleSessions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in, sign-out and "who am I" for the web console. The session holds only the user's id; the
 * API looks the user up on every request. Sessions live in PostgreSQL (Spring Session JDBC), so a
 * sign-in on one instance is valid on every other. Every POST here (sign-in included) needs the CSRF token
 * from {@code GET /console/session}.
 */
@RestController
@Tag(name = "Console session", description = "Signing in to the web console")
class ConsoleSessionController {

    private static final int ANONYMOUS_SESSION_SECONDS = 15 * 60;

    private final ConsoleUserService users;
    private final CsrfTokenRepository csrfTokens;

    ConsoleSessionController(ConsoleUserService users, CsrfTokenRepository csrfTokens) {
        this.users = users;
        this.csrfTokens = csrfTokens;
    }

    record SignIn(String tenant, String email, String password) {
    }

    record SessionUser(String email, String role, String tenant, boolean rootTenant) {
        static SessionUser of(ApiPrincipal principal) {
            return new SessionUser(principal.actor().substring("user:".length()), principal.role().wireName(),
                    principal.tenantName(), principal.rootTenant());
        }
    }

    /** The session: the signed-in user (null when signed out) and the CSRF token for its writes. */
    record SessionView(SessionUser user, String csrfToken, String csrfHeader) {
    }

    @GetMapping("/console/session")
    @Operation(summary = "The console session: who is signed in and the CSRF token to send with writes")
    SessionView session(HttpServletRequest request, HttpServletResponse response) {
        Optional<ApiPrincipal> principal = ConsoleSessions.signedInUser(request).flatMap(users::verify);
        CsrfToken token = token(request, response, false);
        if (principal.isEmpty()) {
            // A session that only holds a sign-in form's CSRF token is not kept for hours.
            request.getSession().setMaxInactiveInterval(ANONYMOUS_SESSION_SECONDS);
        }
        return new SessionView(principal.map(SessionUser::of).orElse(null), token.getToken(), token.getHeaderName());
    }

    @PostMapping("/console/login")
    @Operation(summary = "Sign in with email and password",
            description = "Five failed sign-ins in a row lock the account for 15 minutes (configurable).")
    SessionView login(@RequestBody SignIn request, HttpServletRequest http, HttpServletResponse response) {
        if (request.email() == null || request.email().isBlank()) {
            throw ApiException.invalid("/email", "email is required", null);
        }
        if (request.password() == null || request.password().isEmpty()) {
            throw ApiException.invalid("/password", "password is required", null);
        }
        ConsoleUserService.SignedIn signedIn = users.signIn(request.tenant(), request.email(), request.password());
        // A new session id and a new CSRF token on sign-in: nothing learned before it is worth anything after.
        http.changeSessionId();
        http.getSession().setAttribute(ConsoleSessions.USER_ATTRIBUTE, signedIn.user().id());
        // Indexed by the session store, so that disabling the user finds and ends this session.
        http.getSession().setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
                signedIn.user().id().toString());
        http.getSession().setMaxInactiveInterval(http.getServletContext().getSessionTimeout() * 60);
        CsrfToken token = token(http, response, true);
        return new SessionView(SessionUser.of(signedIn.principal()), token.getToken(), token.getHeaderName());
    }

    @PostMapping("/console/logout")
    @Operation(summary = "Sign out: the session ends")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.noContent().build();
    }

    private CsrfToken token(HttpServletRequest request, HttpServletResponse response, boolean rotate) {
        CsrfToken token = rotate ? null : csrfTokens.loadToken(request);
        if (token == null) {
            token = csrfTokens.generateToken(request);
            csrfTokens.saveToken(token, request, response);
        }
        return token;
    }
}
