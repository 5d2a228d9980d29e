package dev.plinth.platform.idempotency;

import dev.plinth.platform.problem.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** Not registered with the servlet container itself: security places it after authorization. */
    @Bean
    IdempotencyFilter idempotencyFilter(IdempotencyStore store, Problems problems) {
        return new IdempotencyFilter(store, problems);
    }

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<IdempotencyFilter> idempotencyFilterRegistration(
            IdempotencyFilter filter) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
