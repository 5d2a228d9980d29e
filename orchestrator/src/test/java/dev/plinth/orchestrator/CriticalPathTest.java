package dev.plinth.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static CriticalPath.Span span(String id, int start, Integer end) {
        return new CriticalPath.Span(id, T0.plusSeconds(start), end == null ? null : T0.plusSeconds(end));
    }

    @Test
    void aSequentialRunIsItsOwnCriticalPath() {
        List<CriticalPath.Span> spans = List.of(span("a", 0, 2), span("b", 2, 5), span("c", 5, 6));
        assertThat(CriticalPath.of(spans, T0.plusSeconds(99))).containsExactly("a", "b", "c");
    }

    @Test
    void stepsWithEqualTimestampsFollowTheirRecordedOrder() {
        List<CriticalPath.Span> spans = List.of(span("call", 0, 3), span("t1", 3, 3),
                span("t2", 3, 3), span("done", 3, 3));
        assertThat(CriticalPath.of(spans, T0)).containsExactly("call", "t1", "t2", "done");
    }

    @Test
    void onlyTheSlowestOfParallelIntervalsIsOnThePath() {
        List<CriticalPath.Span> spans = List.of(span("left", 0, 4), span("right", 0, 9), span("middle", 0, 2));
        assertThat(CriticalPath.of(spans, T0)).containsExactly("right");
    }

    @Test
    void boundedConcurrencyChainsTheIntervalsThatDeterminedTheEnd() {
        List<CriticalPath.Span> spans = List.of(span("i0", 0, 5), span("i1", 0, 2), span("i2", 2, 4),
                span("i3", 4, 11), span("i4", 5, 7));
        assertThat(CriticalPath.of(spans, T0)).containsExactly("i1", "i2", "i3");
    }

    @Test
    void aStepStillRunningEndsThePathOfARunningRun() {
        List<CriticalPath.Span> spans = List.of(span("a", 0, 2), span("b", 2, null));
        assertThat(CriticalPath.of(spans, T0.plusSeconds(60))).containsExactly("a", "b");
        assertThat(CriticalPath.of(List.of(), T0)).isEmpty();
    }
}
