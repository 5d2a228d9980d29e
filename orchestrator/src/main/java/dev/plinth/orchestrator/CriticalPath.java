package dev.plinth.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The critical chain among intervals: walking back from the one that ended last, each one's
 * predecessor is the one that ended latest before it started — the one it was waiting for. Used
 * for the steps of one run (sequential, so usually all of them) and for the child runs of one
 * container step (parallel branches: only the slowest; loop iterations: all of them; forEach items
 * with bounded concurrency: the chain of items that determined the end).
 */
final class CriticalPath {

    /** An interval; {@code end} is {@code null} while it is still open. */
    record Span(String id, Instant start, Instant end) {

        Instant endOr(Instant open) {
            return end == null ? open : end;
        }
    }

    private CriticalPath() {
    }

    /**
     * The ids of the spans on the critical chain, first to last.
     *
     * @param spans   ordered by start (ties in the order they were recorded)
     * @param openEnd the end to assume for spans still open
     */
    static List<String> of(List<Span> spans, Instant openEnd) {
        List<String> path = new ArrayList<>();
        int current = latestEnding(spans, spans.size(), null, openEnd);
        while (current >= 0) {
            Span span = spans.get(current);
            path.add(span.id());
            // Only spans recorded before this one qualify, so spans with equal timestamps
            // (several engine-run steps in one transaction) never form a cycle.
            current = latestEnding(spans, current, span, openEnd);
        }
        Collections.reverse(path);
        return List.copyOf(path);
    }

    /** Index of the span before {@code limit} that ended last (not after {@code successor}'s start, when given). */
    private static int latestEnding(List<Span> spans, int limit, Span successor, Instant openEnd) {
        int best = -1;
        Instant bestEnd = null;
        for (int i = 0; i < limit; i++) {
            Instant end = spans.get(i).endOr(openEnd);
            if (successor != null && end.isAfter(successor.start())) {
                continue;
            }
            if (bestEnd == null || !end.isBefore(bestEnd)) {
                best = i;
                bestEnd = end;
            }
        }
        return best;
    }
}
