package dev.plinth.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPatternParser;

class PathShapeHandlerMappingTest {

    private static RequestMappingInfo paths(String... patterns) {
        RequestMappingInfo.BuilderConfiguration configuration = new RequestMappingInfo.BuilderConfiguration();
        configuration.setPatternParser(PathPatternParser.defaultInstance);
        return RequestMappingInfo.paths(patterns).options(configuration).build();
    }

    private static boolean fits(RequestMappingInfo info, String path) {
        String[] segments = PathShapeHandlerMapping.segments(path);
        for (PathShapeHandlerMapping.Shape shape : PathShapeHandlerMapping.shapesOf(info)) {
            if (shape.fits(segments)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aPathFitsWhenItsLiteralSegmentsAndItsLengthAgree() {
        RequestMappingInfo context = paths("/api/v1/apps/{app}/memory/users/{user}/sessions/{session}/context");
        assertThat(fits(context, "/api/v1/apps/demo/memory/users/u-1/sessions/s-1/context")).isTrue();
        assertThat(fits(context, "/api/v1/apps/demo/memory/users/u-1/sessions/s-1/messages")).isFalse();
        assertThat(fits(context, "/api/v1/apps/demo/memory/users/u-1/sessions/s-1")).isFalse();
        assertThat(fits(context, "/api/v1/apps/demo/memory/users/u-1/sessions/s-1/context/x")).isFalse();
        // One trailing slash is left to Spring to accept or refuse.
        assertThat(fits(context, "/api/v1/apps/demo/memory/users/u-1/sessions/s-1/context/")).isTrue();
    }

    @Test
    void wildcardsAndPartialVariablesMatchAnySegment() {
        assertThat(fits(paths("/console/**"), "/console/js/pages/matrix.js")).isTrue();
        assertThat(fits(paths("/console/**"), "/console")).isTrue();
        assertThat(fits(paths("/console/**"), "/api/v1/apps")).isFalse();
        assertThat(fits(paths("/files/{*rest}"), "/files/a/b/c")).isTrue();
        assertThat(fits(paths("/docs/{name}.html"), "/docs/intro.html")).isTrue();
        assertThat(fits(paths("/docs/?.html"), "/docs/a.html")).isTrue();
    }

    @Test
    void aMappingWithSeveralPatternsFitsWhenOneDoes() {
        RequestMappingInfo both = paths("/api/v1/keys", "/api/v1/apps/{app}");
        assertThat(fits(both, "/api/v1/keys")).isTrue();
        assertThat(fits(both, "/api/v1/apps/demo")).isTrue();
        assertThat(fits(both, "/api/v1/runs")).isFalse();
    }

    @Test
    void encodedPathsAreLeftToSpring() {
        assertThat(PathShapeHandlerMapping.segments("/api/v1/%61pps")).isNull();
        assertThat(PathShapeHandlerMapping.segments("/api/v1/apps;x=1")).isNull();
        assertThat(PathShapeHandlerMapping.segments("/")).containsExactly("");
    }
}
