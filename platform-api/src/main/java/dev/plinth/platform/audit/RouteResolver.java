package dev.plinth.platform.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Finds the route pattern a request matched and its path variables. A request that reached its
 * controller carries them as request attributes; one refused earlier (by authorization, or
 * replayed by the idempotency filter) is matched against the controllers' mappings here.
 */
final class RouteResolver {

    /** The matched route: its pattern and the values of its path variables. */
    record Route(String pattern, Map<String, String> variables) {
    }

    private final RequestMappingHandlerMapping mappings;

    RouteResolver(RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    Optional<Route> resolve(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) == null) {
            match(request);
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return Optional.of(new Route(pattern.toString(), variables == null ? Map.of() : Map.copyOf(variables)));
    }

    // Matching sets the pattern and variable attributes, as the DispatcherServlet's own lookup does.
    private void match(HttpServletRequest request) {
        boolean parsedHere = !ServletRequestPathUtils.hasParsedRequestPath(request);
        if (parsedHere) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            mappings.getHandler(request);
        } catch (Exception noSingleMatch) {
            // No route for this method and path (405, 415 and the like): nothing was changed to audit.
        } finally {
            if (parsedHere) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }
}
