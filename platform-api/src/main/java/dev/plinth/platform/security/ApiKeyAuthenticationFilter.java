package dev.plinth.platform.security;

import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. A request without the header continues
 * anonymous (and is refused later where authentication is required); a request with a wrong key
 * is refused here, so a typo never silently falls back to anonymous access.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyVerifier verifier;
    private final Problems problems;

    ApiKeyAuthenticationFilter(ApiKeyVerifier verifier, Problems problems) {
        this.verifier = verifier;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiPrincipal> principal = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? verifier.verify(header.substring(BEARER.length()).trim())
                : Optional.empty();
        if (principal.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"plinth\", error=\"invalid_token\"");
            problems.write(request, response, ProblemType.UNAUTHENTICATED,
                    "The API key is invalid, revoked or expired; send 'Authorization: Bearer <key>' with a valid key");
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
