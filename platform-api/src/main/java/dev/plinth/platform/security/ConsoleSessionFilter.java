package dev.plinth.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request without {@code Authorization} by the console user signed in to its
 * session. The user is looked up on every request, so disabling a user or changing their role
 * takes effect at once. The CSRF token was already checked by Spring Security's CSRF filter.
 */
final class ConsoleSessionFilter extends OncePerRequestFilter {

    private final ConsoleUserVerifier verifier;

    ConsoleSessionFilter(ConsoleUserVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<UUID> userId = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? ConsoleSessions.signedInUser(request) : Optional.empty();
        if (userId.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiPrincipal> principal = verifier.verify(userId.get());
        if (principal.isEmpty()) {
            // Disabled or deleted since sign-in: the session is over.
            request.getSession().removeAttribute(ConsoleSessions.USER_ATTRIBUTE);
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(ApiPrincipal.REQUEST_ATTRIBUTE, principal.get());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(principal.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
