package dev.plinth.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Builds a {@link RunTimeline} from what the engine already records. A waiting step's attempt spans
 * exactly the time it waited; the gap between a failed attempt's end and the next attempt's start
 * is the retry backoff; a container step's attempt spans its child runs, whose own steps are laid
 * out under the container, labelled with their branch. One assembler lays out one timeline.
 */
final class TimelineAssembler {

    /** The most runs (the run and its descendants) one timeline lays out. */
    static final int MAX_RUNS = 500;

    private static final Map<String, String> WAIT_KINDS = Map.of(
            "wait", "timer", "awaitSignal", "signal", "approval", "approval");
    private static final Set<String> CONTAINERS = Set.of("parallel", "forEach", "loop", "subWorkflow");

    private final Function<UUID, List<StepAttemptView>> history;
    private final Function<UUID, List<RunView>> children;
    private final Instant now = Instant.now();
    private final List<StepLine> lines = new ArrayList<>();
    private final List<RunTimeline.Wait> waits = new ArrayList<>();
    private int runsLeft = MAX_RUNS;
    private boolean truncated;

    /** A step's attempts, in attempt order, and where the step ran. */
    private record StepLine(UUID runId, String branch, String parent, List<StepAttemptView> attempts) {

        StepAttemptView first() {
            return attempts.get(0);
        }

        StepAttemptView last() {
            return attempts.get(attempts.size() - 1);
        }

        Instant lastEnd() {
            Instant end = null;
            for (StepAttemptView attempt : attempts) {
                if (attempt.endedAt() == null) {
                    return null;
                }
                end = end == null || attempt.endedAt().isAfter(end) ? attempt.endedAt() : end;
            }
            return end;
        }
    }

    TimelineAssembler(Function<UUID, List<StepAttemptView>> history, Function<UUID, List<RunView>> children) {
        this.history = history;
        this.children = children;
    }

    RunTimeline assemble(RunView run) {
        runsLeft--;
        List<RunTimeline.PathStep> path = layOut(run, null, null);
        Set<RunTimeline.PathStep> critical = new HashSet<>(path);
        List<RunTimeline.Step> steps = lines.stream()
                .sorted(Comparator.comparing(line -> line.first().startedAt()))
                .map(line -> step(line, critical.contains(
                        new RunTimeline.PathStep(line.runId(), line.first().stepId(), line.branch()))))
                .toList();
        waits.sort(Comparator.comparing(RunTimeline.Wait::from));
        return new RunTimeline(run.id(), run.app(), run.workflow(), run.status(), run.parent(), run.createdAt(),
                run.endedAt(), millis(run.createdAt(), run.endedAt()), steps, List.copyOf(waits), path, truncated);
    }

    /** Lays out one run's steps and, recursively, its child runs'; returns the run's critical path. */
    private List<RunTimeline.PathStep> layOut(RunView run, String branch, String parent) {
        Map<String, List<StepAttemptView>> byStep = new LinkedHashMap<>();
        for (StepAttemptView attempt : history.apply(run.id())) {
            byStep.computeIfAbsent(attempt.stepId(), id -> new ArrayList<>()).add(attempt);
        }
        List<CriticalPath.Span> spans = new ArrayList<>();
        Map<String, StepLine> own = new LinkedHashMap<>();
        byStep.forEach((stepId, attempts) -> {
            attempts.sort(Comparator.comparingInt(StepAttemptView::attempt));
            StepLine line = new StepLine(run.id(), branch, parent, attempts);
            own.put(stepId, line);
            lines.add(line);
            waits.addAll(waitsOf(line));
            spans.add(new CriticalPath.Span(stepId, line.first().startedAt(), line.lastEnd()));
        });
        spans.sort(Comparator.comparing(CriticalPath.Span::start));
        Map<String, List<RunTimeline.PathStep>> inside = layOutChildren(run, branch, own);
        List<RunTimeline.PathStep> path = new ArrayList<>();
        for (String stepId : CriticalPath.of(spans, openEnd(run))) {
            path.add(new RunTimeline.PathStep(run.id(), stepId, branch));
            path.addAll(inside.getOrDefault(stepId, List.of()));
        }
        return path;
    }

    /** Lays out the child runs of the run's container steps; returns each container's path through them. */
    private Map<String, List<RunTimeline.PathStep>> layOutChildren(RunView run, String branch,
            Map<String, StepLine> own) {
        boolean hasContainers = own.values().stream().anyMatch(line -> CONTAINERS.contains(line.first().type()));
        if (!hasContainers) {
            return Map.of();
        }
        Map<String, List<RunTimeline.PathStep>> inside = new LinkedHashMap<>();
        Map<String, List<CriticalPath.Span>> spansByStep = new LinkedHashMap<>();
        Map<String, List<RunTimeline.PathStep>> pathByChild = new LinkedHashMap<>();
        Set<String> cancelled = new HashSet<>();
        for (RunView child : children.apply(run.id())) {
            StepLine container = child.parent() == null ? null : own.get(child.parent().stepId());
            // A retried container starts new children; the timeline shows those of its last attempt.
            if (container == null || child.createdAt().isBefore(container.last().startedAt())) {
                continue;
            }
            if (runsLeft <= 0) {
                truncated = true;
                break;
            }
            runsLeft--;
            if ("cancelled".equals(child.status())) {
                cancelled.add(child.id().toString());
            }
            String label = (branch == null ? "" : branch + "/") + label(container.last(), child.parent());
            pathByChild.put(child.id().toString(), layOut(child, label, child.parent().stepId()));
            spansByStep.computeIfAbsent(child.parent().stepId(), id -> new ArrayList<>())
                    .add(new CriticalPath.Span(child.id().toString(), child.createdAt(), child.endedAt()));
        }
        spansByStep.forEach((stepId, childSpans) -> {
            Instant open = own.get(stepId).lastEnd() != null ? own.get(stepId).lastEnd() : openEnd(run);
            List<RunTimeline.PathStep> through = new ArrayList<>();
            CriticalPath.of(decisive(childSpans, cancelled), open)
                    .forEach(childId -> through.addAll(pathByChild.get(childId)));
            inside.put(stepId, through);
        });
        return inside;
    }

    /**
     * The children that decided when their container ended: with {@code join: any} or n-of-m the
     * container ends with the last child it needed and cancels the rest, which end a moment later;
     * those never determined the end.
     */
    private static List<CriticalPath.Span> decisive(List<CriticalPath.Span> spans, Set<String> cancelled) {
        List<CriticalPath.Span> ran = spans.stream().filter(span -> !cancelled.contains(span.id())).toList();
        return ran.isEmpty() ? spans : ran;
    }

    // A parallel step's attempt records its branch names; other containers are labelled by slot.
    private static String label(StepAttemptView container, RunView.Parent parent) {
        if (container.input() != null && container.input().path("branches").path(parent.slot()).isString()) {
            return parent.stepId() + "/" + container.input().path("branches").path(parent.slot()).asString();
        }
        return parent.stepId() + "[" + parent.slot() + "]";
    }

    private Instant openEnd(RunView run) {
        return run.endedAt() != null ? run.endedAt() : now;
    }

    private static RunTimeline.Step step(StepLine line, boolean critical) {
        List<RunTimeline.Attempt> attempts = line.attempts().stream()
                .map(a -> new RunTimeline.Attempt(a.attempt(), a.status(), a.startedAt(), a.endedAt(),
                        millis(a.startedAt(), a.endedAt()), errorType(a), a.traceId()))
                .toList();
        Instant start = line.first().startedAt();
        Instant end = line.lastEnd();
        return new RunTimeline.Step(line.runId(), line.first().stepId(), line.last().type(), line.branch(),
                line.parent(), line.last().status(), start, end, millis(start, end), attempts, critical);
    }

    private static List<RunTimeline.Wait> waitsOf(StepLine line) {
        List<RunTimeline.Wait> found = new ArrayList<>();
        StepAttemptView previous = null;
        for (StepAttemptView attempt : line.attempts()) {
            String kind = WAIT_KINDS.get(attempt.type());
            if (kind != null) {
                found.add(new RunTimeline.Wait(line.runId(), attempt.stepId(), line.branch(), kind,
                        attempt.startedAt(), attempt.endedAt(), "timer".equals(kind) ? until(attempt) : null,
                        millis(attempt.startedAt(), attempt.endedAt())));
            }
            if (previous != null && previous.endedAt() != null) {
                found.add(new RunTimeline.Wait(line.runId(), attempt.stepId(), line.branch(), "retry",
                        previous.endedAt(), attempt.startedAt(), null, millis(previous.endedAt(), attempt.startedAt())));
            }
            previous = attempt;
        }
        return found;
    }

    // A wait step's attempt input records the instant it was set to wake ({"until": ...}).
    private static Instant until(StepAttemptView attempt) {
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
