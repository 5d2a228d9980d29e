package dev.plinth.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The critical path of a run: walking back from the step that ended last, each step's
 * predecessor is the step that ended latest before it started — the one it was waiting for.
 * Only timings are used, so the same walk works for sequential runs and for parallel branches:
 * a step inside a branch looks for its predecessor in its own branch or on the main line, a step
 * on the main line (after a join) in any branch.
 */
final class CriticalPath {

    /**
     * A step's interval. {@code end} is {@code null} while the step is still running.
     *
     * @param branch the parallel branch the step belongs to, {@code null} on the main line
     */
    record Span(String stepId, String branch, Instant start, Instant end) {

        Instant endOr(Instant open) {
            return end == null ? open : end;
        }

        boolean mayFollow(Span predecessor) {
            return branch == null || predecessor.branch == null || Objects.equals(branch, predecessor.branch);
        }
    }

    private CriticalPath() {
    }

    /**
     * The ids of the steps on the critical path, first to last.
     *
     * @param spans   the run's steps ordered by start (ties in the order the engine recorded them)
     * @param openEnd the end to assume for steps still running
     */
    static List<String> of(List<Span> spans, Instant openEnd) {
        if (spans.isEmpty()) {
            return List.of();
        }
        int current = latestEnding(spans, spans.size(), null, openEnd);
        List<String> path = new ArrayList<>();
        while (current >= 0) {
            Span step = spans.get(current);
            path.add(step.stepId());
            // Only steps recorded before this one qualify, so steps with equal timestamps
            // (several engine-run steps in one transaction) never form a cycle.
            current = latestEnding(spans, current, step, openEnd);
        }
        Collections.reverse(path);
        return List.copyOf(path);
    }

    /** Index of the step before {@code limit} that ended last (by {@code successor}'s start, when given). */
    private static int latestEnding(List<Span> spans, int limit, Span successor, Instant openEnd) {
        int best = -1;
        Instant bestEnd = null;
        for (int i = 0; i < limit; i++) {
            Span candidate = spans.get(i);
            Instant end = candidate.endOr(openEnd);
            if (successor != null && (!successor.mayFollow(candidate) || end.isAfter(successor.start()))) {
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
