package dev.plinth.observability;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import java.util.Map;

/**
 * Keeps traces that a scheduled background task starts out of span export. The engine's pollers run
 * every 20 to 100 ms, and one trace per poll would bury the request and run traces an operator looks
 * for; how often and how long the tasks run is in the {@code tasks_scheduled_execution} metrics.
 * Spans a task opens inside another trace (a child span) are still exported.
 */
public class ScheduledTaskSpans implements SpanExportingPredicate {

    @Override
    public boolean isExportable(FinishedSpan span) {
        Map<String, String> tags = span.getTags();
        boolean scheduledTask = tags.containsKey("code.namespace") && tags.containsKey("code.function");
        return !(scheduledTask && isRoot(span.getParentId()));
    }

    private static boolean isRoot(String parentId) {
        return parentId == null || parentId.isEmpty() || parentId.chars().allMatch(c -> c == '0');
    }
}
