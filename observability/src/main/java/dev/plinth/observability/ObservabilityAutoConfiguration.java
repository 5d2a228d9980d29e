package dev.plinth.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Wires Plinth's observability conventions into every application that has this module: the
 * request id filter, the trace id response header, no export of scheduled tasks' own traces, a
 * common {@code application} tag on all meters, and Kafka in readiness.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
        OpenTelemetryTracingAutoConfiguration.class})
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<RequestIdFilter> plinthRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        // First of all filters, so even a request refused by security carries an id.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBean(Tracer.class)
    FilterRegistrationBean<TraceIdFilter> plinthTraceIdFilter(Tracer tracer) {
        FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(new TraceIdFilter(tracer));
        // Spring's HTTP observation filter (which opens the server span) is HIGHEST_PRECEDENCE + 1.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    ScheduledTaskSpans plinthScheduledTaskSpans() {
        return new ScheduledTaskSpans();
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> plinthCommonTags() {
        return registry -> registry.config().commonTags("application", "plinth");
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnClass(KafkaAdmin.class)
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, ObservabilityProperties properties) {
        return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), properties.kafkaHealthTimeout());
    }
}
