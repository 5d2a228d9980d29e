package dev.plinth.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a run's step attempts into its {@link RunTimeline}. Waits are read off what the engine
 * already records: a waiting step's attempt spans exactly the time it waited, and the gap between
 * a failed attempt's end and the next attempt's start is the retry backoff.
 */
final class TimelineAssembler {

    private static final Map<String, String> WAIT_KINDS = Map.of(
            "wait", "timer", "awaitSignal", "signal", "approval", "approval");
    private static final Set<String> OPEN = Set.of("dispatched");

    private TimelineAssembler() {
    }

    static RunTimeline assemble(RunView run, List<StepAttemptView> history) {
        Map<String, List<StepAttemptView>> byStep = new LinkedHashMap<>();
        for (StepAttemptView attempt : history) {
            byStep.computeIfAbsent(attempt.stepId(), id -> new ArrayList<>()).add(attempt);
        }
        List<CriticalPath.Span> spans = new ArrayList<>();
        List<RunTimeline.Wait> waits = new ArrayList<>();
        byStep.values().forEach(attempts -> {
            attempts.sort(Comparator.comparingInt(StepAttemptView::attempt));
            waits.addAll(waitsOf(attempts));
            spans.add(span(attempts));
        });
        spans.sort(Comparator.comparing(CriticalPath.Span::start));
        Instant openEnd = run.endedAt() != null ? run.endedAt() : Instant.now();
        List<String> criticalPath = CriticalPath.of(spans, openEnd);
        List<RunTimeline.Step> steps = spans.stream()
                .map(span -> step(byStep.get(span.stepId()), span, criticalPath.contains(span.stepId())))
                .toList();
        waits.sort(Comparator.comparing(RunTimeline.Wait::from));
        return new RunTimeline(run.id(), run.app(), run.workflow(), run.status(), run.createdAt(), run.endedAt(),
                millis(run.createdAt(), run.endedAt()), steps, List.copyOf(waits), criticalPath);
    }

    private static CriticalPath.Span span(List<StepAttemptView> attempts) {
        StepAttemptView first = attempts.get(0);
        // Steps run on the main line until the engine records parallel branches.
        return new CriticalPath.Span(first.stepId(), null, first.startedAt(), lastEnd(attempts));
    }

    private static RunTimeline.Step step(List<StepAttemptView> attempts, CriticalPath.Span span, boolean critical) {
        StepAttemptView last = attempts.get(attempts.size() - 1);
        List<RunTimeline.Attempt> views = attempts.stream()
                .map(a -> new RunTimeline.Attempt(a.attempt(), a.status(), a.startedAt(), a.endedAt(),
                        millis(a.startedAt(), a.endedAt()), errorType(a)))
                .toList();
        return new RunTimeline.Step(span.stepId(), last.type(), span.branch(), null, last.status(), span.start(),
                span.end(), millis(span.start(), span.end()), views, critical);
    }

    private static Instant lastEnd(List<StepAttemptView> attempts) {
        Instant end = null;
        for (StepAttemptView attempt : attempts) {
            if (attempt.endedAt() == null || OPEN.contains(attempt.status())) {
                return null;
            }
            end = end == null || attempt.endedAt().isAfter(end) ? attempt.endedAt() : end;
        }
        return end;
    }

    private static List<RunTimeline.Wait> waitsOf(List<StepAttemptView> attempts) {
        List<RunTimeline.Wait> waits = new ArrayList<>();
        StepAttemptView previous = null;
        for (StepAttemptView attempt : attempts) {
            String kind = WAIT_KINDS.get(attempt.type());
            if (kind != null) {
                Instant until = "timer".equals(kind) ? instant(attempt) : null;
                waits.add(new RunTimeline.Wait(attempt.stepId(), kind, attempt.startedAt(), attempt.endedAt(), until,
                        millis(attempt.startedAt(), attempt.endedAt())));
            }
            if (previous != null && previous.endedAt() != null) {
                waits.add(new RunTimeline.Wait(attempt.stepId(), "retry", previous.endedAt(), attempt.startedAt(),
                        null, millis(previous.endedAt(), attempt.startedAt())));
            }
            previous = attempt;
        }
        return waits;
    }

    // A wait step's attempt input records the instant it was set to wake ({"until": ...}).
    private static Instant instant(StepAttemptView attempt) {
        if (attempt.input() == null || !attempt.input().path("until").isString()) {
            return null;
        }
        try {
            return Instant.parse(attempt.input().path("until").asString());
        } catch (java.time.format.DateTimeParseException unparsable) {
            return null;
        }
    }

    private static String errorType(StepAttemptView attempt) {
        return attempt.error() != null && attempt.error().path("type").isString()
                ? attempt.error().path("type").asString() : null;
    }

    private static Long millis(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }
}
