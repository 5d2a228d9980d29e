package dev.plinth.platform.idempotency;

import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.problem.Problems;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.web.CachedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes creating POSTs safe to retry: the same {@code Idempotency-Key} with the same request
 * replays the first response (marked {@code Idempotent-Replayed: true}); with a different request
 * it is refused (422); while the first is still running, a repeat gets 409. Server errors are not
 * remembered, so a retry after a 5xx runs again.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);

    private final IdempotencyStore store;
    private final Problems problems;

    IdempotencyFilter(IdempotencyStore store, Problems problems) {
        this.store = store;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        ApiPrincipal principal = principal();
        CachedBodyRequest cached = CachedBodyRequest.find(request);
        if (key == null || !"POST".equals(request.getMethod()) || principal == null || cached == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!KEY.matcher(key).matches()) {
            problems.write(request, response, ProblemType.INVALID_PARAMETER,
                    "Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice)");
            return;
        }
        String path = request.getRequestURI();
        String hash = fingerprint(request, cached.body());
        IdempotencyStore.Claim claim = store.claim(principal.tenantId(), key, request.getMethod(), path, hash);
        if (claim instanceof IdempotencyStore.Claim.Claimed) {
            runAndRemember(request, response, chain, principal, key);
        } else if (claim instanceof IdempotencyStore.Claim.Completed completed) {
            replay(response, completed);
        } else if (claim instanceof IdempotencyStore.Claim.Mismatch) {
            problems.write(request, response, ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used for a different request; use a new key for a new request");
        } else {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problems.write(request, response, ProblemType.IDEMPOTENCY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still being processed; retry shortly");
        }
    }

    private void runAndRemember(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            ApiPrincipal principal, String key) throws IOException, ServletException {
        ContentCachingResponseWrapper recorder = new ContentCachingResponseWrapper(response);
        boolean remembered = false;
        try {
            chain.doFilter(request, recorder);
            if (recorder.getStatus() < 500) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : REPLAYED_HEADERS) {
                    String value = recorder.getHeader(name);
                    if (value != null) {
                        headers.put(name, value);
                    }
                }
                store.complete(principal.tenantId(), key, recorder.getStatus(), recorder.getContentType(), headers,
                        recorder.getContentAsByteArray());
                remembered = true;
            }
        } finally {
            if (!remembered) {
                store.forget(principal.tenantId(), key);
            }
            recorder.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Claim.Completed completed)
            throws IOException {
        response.setStatus(completed.status());
        completed.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED, "true");
        if (completed.contentType() != null) {
            response.setContentType(completed.contentType());
        }
        if (completed.body() != null) {
            response.getOutputStream().write(completed.body());
        }
    }

    // The fingerprint covers what makes two requests "the same": method, path, query, media type and body.
    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
                    + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n"
                    + (request.getContentType() == null ? "" : request.getContentType()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ApiPrincipal principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal
                ? principal : null;
    }
}
