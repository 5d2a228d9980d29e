package dev.plinth.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static CriticalPath.Span span(String id, String branch, int start, Integer end) {
        return new CriticalPath.Span(id, branch, T0.plusSeconds(start), end == null ? null : T0.plusSeconds(end));
    }

    @Test
    void aSequentialRunIsItsOwnCriticalPath() {
        List<CriticalPath.Span> spans = List.of(span("a", null, 0, 2), span("b", null, 2, 5), span("c", null, 5, 6));
        assertThat(CriticalPath.of(spans, T0.plusSeconds(99))).containsExactly("a", "b", "c");
    }

    @Test
    void stepsWithEqualTimestampsFollowTheirRecordedOrder() {
        List<CriticalPath.Span> spans = List.of(span("call", null, 0, 3), span("t1", null, 3, 3),
                span("t2", null, 3, 3), span("done", null, 3, 3));
        assertThat(CriticalPath.of(spans, T0)).containsExactly("call", "t1", "t2", "done");
    }

    @Test
    void theSlowerBranchIsOnThePathAndTheFasterOneIsNot() {
        List<CriticalPath.Span> spans = List.of(
                span("fork", null, 0, 1),
                span("fast-1", "fast", 1, 2),
                span("slow-1", "slow", 1, 4),
                span("fast-2", "fast", 2, 3),
                span("slow-2", "slow", 4, 8),
                span("join", null, 8, 9));
        assertThat(CriticalPath.of(spans, T0)).containsExactly("fork", "slow-1", "slow-2", "join");
    }

    @Test
    void aBranchStepDoesNotWaitForASiblingBranch() {
        List<CriticalPath.Span> spans = List.of(
                span("fork", null, 0, 1),
                span("a-1", "a", 1, 5),
                span("b-1", "b", 1, 2),
                span("a-2", "a", 5, 10));
        assertThat(CriticalPath.of(spans, T0)).containsExactly("fork", "a-1", "a-2");
    }

    @Test
    void aStepStillRunningEndsThePathOfARunningRun() {
        List<CriticalPath.Span> spans = List.of(span("a", null, 0, 2), span("b", null, 2, null));
        assertThat(CriticalPath.of(spans, T0.plusSeconds(60))).containsExactly("a", "b");
        assertThat(CriticalPath.of(List.of(), T0)).isEmpty();
    }
}
