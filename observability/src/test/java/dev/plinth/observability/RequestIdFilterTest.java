package dev.plinth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    private final RequestIdFilter filter = new RequestIdFilter();

    @Test
    void aWellFormedIncomingIdIsKeptEchoedAndLoggedDuringTheRequest() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.addHeader(RequestIdFilter.HEADER, "abc-123:retry.2");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> logged = new AtomicReference<>();

        filter.doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                logged.set(MDC.get(RequestIdFilter.MDC_KEY));
            }
        });

        assertThat(response.getHeader(RequestIdFilter.HEADER)).isEqualTo("abc-123:retry.2");
        assertThat(logged.get()).isEqualTo("abc-123:retry.2");
        assertThat(RequestIdFilter.current(request)).isEqualTo("abc-123:retry.2");
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).as("cleared after the request").isNull();
    }

    @Test
    void aMissingOrUnsafeIdIsReplacedByAGeneratedOne() throws Exception {
        for (String incoming : new String[] {null, "", "with space", "x".repeat(129), "line\nbreak"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
            if (incoming != null) {
                request.addHeader(RequestIdFilter.HEADER, incoming);
            }
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(request, response, new MockFilterChain());
            assertThat(response.getHeader(RequestIdFilter.HEADER)).isNotEqualTo(incoming)
                    .matches("[0-9a-f-]{36}");
        }
    }
}
