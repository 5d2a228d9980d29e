package dev.plinth.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup for a path with variables ({@code /api/v1/apps/{app}/…}) evaluates every
 * registered mapping in turn: its HTTP methods, parameters, headers and path pattern. With Plinth's
 * couple of hundred endpoints, most of them under {@code /api/v1/apps/{app}/}, that scan was some 15%
 * of the CPU of a memory-context request. This mapping indexes the mappings by the shape of their
 * patterns — the number of segments and the literal ones — and, per lookup, picks the few whose shape
 * fits the request path; Spring's scan then skips every other mapping at the cost of a comparison.
 * Everything else — the full condition check, the choice of the best match, 405/415 handling — is
 * Spring's own.
 *
 * <p>A path that is percent-encoded or carries matrix parameters is matched by Spring alone, since
 * its raw text need not equal a pattern's decoded literal text; so is any mapping whose pattern has a
 * regular expression.
 */
final class PathShapeHandlerMapping extends RequestMappingHandlerMapping {

    /**
     * The mappings that can match the path being looked up on this thread (null: no filtering). Set
     * for the duration of one lookup, in which Spring asks about each registered mapping in turn.
     */
    private static final ThreadLocal<RequestMappingInfo[]> CANDIDATES = new ThreadLocal<>();

    private volatile Index index = Index.EMPTY;

    /** The registered mappings by the number of segments of their patterns. */
    private record Index(Map<Integer, List<Candidate>> bySegments, List<Candidate> openEnded,
            List<RequestMappingInfo> always) {

        static final Index EMPTY = new Index(Map.of(), List.of(), List.of());

        RequestMappingInfo[] candidates(String[] path) {
            List<RequestMappingInfo> found = new ArrayList<>(always);
            addFitting(bySegments.getOrDefault(path.length, List.of()), path, found);
            addFitting(openEnded, path, found);
            return found.toArray(RequestMappingInfo[]::new);
        }

        private static void addFitting(List<Candidate> candidates, String[] path, List<RequestMappingInfo> found) {
            for (Candidate candidate : candidates) {
                if (candidate.fits(path)) {
                    found.add(candidate.info());
                }
            }
        }
    }

    private record Candidate(RequestMappingInfo info, Shape[] shapes) {
        boolean fits(String[] path) {
            for (Shape shape : shapes) {
                if (shape.fits(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public void afterPropertiesSet() {
        super.afterPropertiesSet();
        reindex();
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, java.lang.reflect.Method method) {
        super.registerMapping(mapping, handler, method);
        reindex();
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        reindex();
    }

    private synchronized void reindex() {
        Map<Integer, List<Candidate>> bySegments = new HashMap<>();
        List<Candidate> openEnded = new ArrayList<>();
        List<RequestMappingInfo> always = new ArrayList<>();
        for (RequestMappingInfo info : getHandlerMethods().keySet()) {
            Shape[] shapes = shapesOf(info);
            if (shapes == null) {
                always.add(info);
            } else if (Arrays.stream(shapes).anyMatch(Shape::openEnded) || Arrays.stream(shapes)
                    .mapToInt(shape -> shape.literals().length).distinct().count() > 1) {
                openEnded.add(new Candidate(info, shapes));
            } else {
                bySegments.computeIfAbsent(shapes[0].literals().length, n -> new ArrayList<>())
                        .add(new Candidate(info, shapes));
            }
        }
        Map<Integer, List<Candidate>> frozen = new HashMap<>();
        bySegments.forEach((n, infos) -> frozen.put(n, List.copyOf(infos)));
        index = new Index(Map.copyOf(frozen), List.copyOf(openEnded), List.copyOf(always));
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        RequestMappingInfo[] previous = CANDIDATES.get();
        String[] path = segments(lookupPath);
        CANDIDATES.set(path == null ? null : index.candidates(path));
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            CANDIDATES.set(previous);
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        RequestMappingInfo[] candidates = CANDIDATES.get();
        if (candidates != null && !contains(candidates, info)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    private static boolean contains(RequestMappingInfo[] candidates, RequestMappingInfo info) {
        for (RequestMappingInfo candidate : candidates) {
            if (candidate == info) {
                return true;
            }
        }
        return false;
    }

    /** A path's segments without the leading slash and one trailing slash; null when not comparable. */
    static String[] segments(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.indexOf('%') >= 0
                || path.indexOf(';') >= 0) {
            return null;
        }
        int end = path.length() > 1 && path.endsWith("/") ? path.length() - 1 : path.length();
        List<String> parts = new ArrayList<>(12);
        int start = 1;
        while (start <= end) {
            int slash = path.indexOf('/', start);
            if (slash < 0 || slash > end) {
                slash = end;
            }
            parts.add(path.substring(start, slash));
            start = slash + 1;
        }
        return parts.toArray(String[]::new);
    }

    /** One pattern's segments: literal text, or null for a segment with a variable or wildcard. */
    record Shape(String[] literals, boolean openEnded) {

        boolean fits(String[] path) {
            if (openEnded ? path.length < literals.length : path.length != literals.length) {
                return false;
            }
            for (int i = 0; i < literals.length; i++) {
                if (literals[i] != null && !literals[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The shapes of a mapping's path patterns, or null when they are not plain path patterns. */
    static Shape[] shapesOf(RequestMappingInfo info) {
        PathPatternsRequestCondition condition = info.getPathPatternsCondition();
        if (condition == null) {
            return null;
        }
        Set<PathPattern> patterns = condition.getPatterns();
        Shape[] shapes = new Shape[patterns.size()];
        int i = 0;
        for (PathPattern pattern : patterns) {
            Shape shape = shapeOf(pattern.getPatternString());
            if (shape == null) {
                return null;
            }
            shapes[i++] = shape;
        }
        return i == 0 ? null : shapes;
    }

    private static Shape shapeOf(String pattern) {
        if (pattern.indexOf(':') >= 0) {
            return null; // a variable with a regular expression, which may itself contain '/'
        }
        String[] parts = segments(pattern.isEmpty() ? "/" : pattern);
        if (parts == null) {
            return null;
        }
        List<String> literals = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.equals("**") || part.startsWith("{*")) {
                // Matches any rest of the path, including none: only the segments before it count.
                return new Shape(literals.toArray(String[]::new), true);
            }
            boolean variable = part.indexOf('{') >= 0 || part.indexOf('*') >= 0 || part.indexOf('?') >= 0
                    || part.indexOf('\\') >= 0;
            literals.add(variable ? null : part);
        }
        return new Shape(literals.toArray(String[]::new), false);
    }
}
