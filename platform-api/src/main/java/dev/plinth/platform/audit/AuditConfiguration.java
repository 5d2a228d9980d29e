package dev.plinth.platform.audit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /**
     * After the request id filter (the entry carries the id) and the body limit, before Spring
     * Security's filter chain (order -100), so attempts that authorization refuses are recorded as well.
     */
    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog auditLog, AuditProperties properties,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(
                new AuditFilter(auditLog, new RouteResolver(mappings), properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
