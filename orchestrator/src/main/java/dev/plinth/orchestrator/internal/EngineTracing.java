package dev.plinth.orchestrator.internal;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries trace context through the engine. Work hops threads and processes (the outbox relay,
 * Kafka, timers, workers), so the context of the request or event that caused a record is written
 * beside it ({@code traceparent}, W3C) and restored where the record is handled: the API call that
 * starts a run, every engine transition and every step attempt share one trace. Without a tracer
 * (tracing not configured) everything here does nothing.
 */
class EngineTracing {

    static final EngineTracing NONE = new EngineTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    EngineTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current trace context as propagation headers; empty outside a trace. */
    Map<String, String> current() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (tracer == null) {
            return headers;
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context != null) {
            propagator.inject(context, headers, Map::put);
        }
        return headers;
    }

    /** The current trace id, or null outside a trace. */
    String traceId() {
        if (tracer == null) {
            return null;
        }
        TraceContext context = tracer.currentTraceContext().context();
        return context == null ? null : context.traceId();
    }

    /**
     * Runs {@code work} in a new span named {@code name}, a child of the context in
     * {@code headers} (or of nothing, when they carry none).
     */
    <T> T inSpan(String name, Map<String, String> headers, Map<String, String> tags, Supplier<T> work) {
        if (tracer == null) {
            return work.get();
        }
        Span.Builder builder = headers.isEmpty() ? tracer.spanBuilder() : propagator.extract(headers, Map::get);
        Span span = builder.name(name).start();
        tags.forEach(span::tag);
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
        }
    }
}
