package dev.plinth.platform.problem;

import dev.plinth.observability.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds Plinth problem bodies, and writes them directly for code that runs outside Spring MVC
 * (servlet filters, security entry points).
 */
@Component
public class Problems {

    private final JsonMapper mapper;

    public Problems(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** A problem of the given type, with the request id and the request path as instance. */
    public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
            String requestId = RequestIdFilter.current(request);
            if (requestId != null) {
                problem.setProperty("requestId", requestId);
            }
        }
        return problem;
    }

    public static ProblemDetail of(ApiException exception, HttpServletRequest request) {
        ProblemDetail problem = of(exception.type(), exception.getMessage(), request);
        if (!exception.errors().isEmpty()) {
            problem.setProperty("errors", exception.errors());
        }
        exception.properties().forEach(problem::setProperty);
        return problem;
    }

    public static ProblemDetail withErrors(ProblemType type, String detail, List<InputError> errors,
            HttpServletRequest request) {
        ProblemDetail problem = of(type, detail, request);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Writes the problem as the whole response, for code outside Spring MVC. */
    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), asMap(problem));
    }

    // Written as a plain map so the body does not depend on a ProblemDetail mix-in being registered
    // on the mapper: extension members must sit at the top level, as RFC 9457 requires.
    private static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        write(response, of(type, detail, request));
    }
}
