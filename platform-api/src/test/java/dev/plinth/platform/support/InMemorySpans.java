package dev.plinth.platform.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps the most recent spans the application finishes, beside whatever exporter is configured, so
 * tests can assert on real traces. A bean of every {@link PlinthTest} context (imported there, so it
 * stays the one shared context).
 * Not OpenTelemetry's InMemorySpanExporter: that one keeps every span of the whole test JVM, and
 * the shared context lives through the whole suite.
 */
public class InMemorySpans implements SpanExporter {

    private static final int KEPT = 5_000;

    private final Deque<SpanData> spans = new ArrayDeque<>();

    /** The kept spans that match, oldest first. */
    public synchronized List<SpanData> find(Predicate<SpanData> filter) {
        return spans.stream().filter(filter).toList();
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> finished) {
        for (SpanData span : finished) {
            if (spans.size() == KEPT) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
