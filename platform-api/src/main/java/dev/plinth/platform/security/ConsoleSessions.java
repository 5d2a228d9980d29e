package dev.plinth.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;

/**
 * How the web console's sessions meet the API: a signed-in console user's id lives in the HTTP
 * session under {@link #USER_ATTRIBUTE}; requests carrying an API key never look at the session.
 */
public final class ConsoleSessions {

    /** Session attribute holding the signed-in console user's id. */
    public static final String USER_ATTRIBUTE = ConsoleSessions.class.getName() + ".USER";

    /** The console's sign-in endpoint: CSRF-checked even before a session exists (no login CSRF). */
    public static final String LOGIN_PATH = "/console/login";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private ConsoleSessions() {
    }

    /** The console user signed in to this request's session, if any. */
    public static Optional<UUID> signedInUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(USER_ATTRIBUTE) instanceof UUID id
                ? Optional.of(id) : Optional.empty();
    }

    /**
     * Whether a request must carry the session's CSRF token: every state-changing request that may
     * be authenticated by the session cookie a browser sends on its own. API clients sending
     * {@code Authorization} are stateless and never need one.
     */
    static boolean needsCsrfToken(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return false;
        }
        return request.getSession(false) != null || LOGIN_PATH.equals(request.getRequestURI());
    }
}
