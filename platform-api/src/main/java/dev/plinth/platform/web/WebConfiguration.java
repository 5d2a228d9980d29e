package dev.plinth.platform.web;

import dev.plinth.platform.problem.Problems;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ApiProperties properties, Problems problems) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxBodySize().toBytes(), problems));
        // After the request id filter, before Spring Security (-100): oversized bodies are refused unread.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<JsonFlushDeferringFilter> jsonFlushDeferringFilter() {
        FilterRegistrationBean<JsonFlushDeferringFilter> registration =
                new FilterRegistrationBean<>(new JsonFlushDeferringFilter());
        // Outside the audit (+20) and idempotency filters, so their work ends before the answer is sent.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Spring MVC's request mappings, looked up by the literal start of their paths first. */
    @Bean
    WebMvcRegistrations pathShapeHandlerMapping() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PathShapeHandlerMapping();
            }
        };
    }
}
