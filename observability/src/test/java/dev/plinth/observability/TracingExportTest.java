package dev.plinth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * OTLP span export is off until an endpoint is configured, and then works with the class path this
 * module brings (the JDK HTTP sender, not OkHttp). Plinth's filter of scheduled tasks' traces is
 * part of the tracing setup.
 */
class TracingExportTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    OtlpTracingAutoConfiguration.class, ObservabilityAutoConfiguration.class));

    @Test
    void noSpanLeavesTheProcessWithoutAnEndpoint() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).doesNotHaveBean(SpanExporter.class);
            assertThat(started).hasSingleBean(SpanExportingPredicate.class);
        });
    }

    @Test
    void anEndpointTurnsOtlpExportOn() {
        context.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://collector:4318/v1/traces")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started).hasSingleBean(OtlpHttpSpanExporter.class);
                    assertThat(started.getBean(OtlpHttpSpanExporter.class).toString())
                            .contains("http://collector:4318/v1/traces");
                });
    }
}
