package dev.plinth.platform.web;

import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code plinth.api.max-body-size} with 413 before anything parses
 * them, and keeps the accepted body so later steps (idempotency hashing, parsing) can read it.
 */
final class BodyLimitFilter extends OncePerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final long maxBytes;
    private final Problems problems;

    BodyLimitFilter(long maxBytes, Problems problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!WITH_BODY.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes + 1, request.getContentLengthLong());
        if (body.length > maxBytes) {
            tooLarge(request, response);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The client may still be sending; closing avoids reading a body we will not use.
        response.setHeader("Connection", "close");
        problems.write(request, response, ProblemType.PAYLOAD_TOO_LARGE,
                "The request body exceeds the limit of " + maxBytes + " bytes");
    }

    /**
     * The body, or its first {@code limit} bytes. A body of declared length (at most the limit,
     * checked before; the servlet container ends the stream there) is read into an array of exactly
     * that size, where reading up to the limit goes through buffers of 8 KB and a copy.
     */
    private static byte[] readAtMost(InputStream in, long limit, long declaredLength) throws IOException {
        long expected = declaredLength >= 0 ? Math.min(declaredLength, limit) : limit;
        return in.readNBytes((int) Math.min(expected, Integer.MAX_VALUE - 8));
    }
}
