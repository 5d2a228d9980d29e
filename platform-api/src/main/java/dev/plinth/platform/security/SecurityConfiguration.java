package dev.plinth.platform.security;

import org.springframework.security.config.observation.SecurityObservationSettings;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.problem.Problems;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Who may call what. Everything is authenticated by API key except the health probes and the
 * published API documentation (OpenAPI and the app-definition JSON Schema), which hold no tenant
 * data and which tools must be able to fetch before they have a key, and inbound webhooks, whose
 * senders authenticate with the trigger's HMAC signature instead. The web console's pages are
 * public too; its users sign in and then call the same API with their session, which obeys the
 * same roles and must carry the session's CSRF token on every write. API-key requests stay stateless.
 * The installation's metrics hold every tenant's meters and are for the root tenant's admins and
 * viewers only ({@link InstallationOperator}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("BUILDER", "DEPLOYER")
                .role("BUILDER").implies("VIEWER")
                .role("DEPLOYER").implies("VIEWER")
                .build();
    }

    /**
     * No observation (span and timer) per security filter, authentication and authorization: each
     * request already has its HTTP server observation, and wrapping every filter of the chain cost
     * about a twentieth of a small API request's CPU.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Where the console session's CSRF token lives (the console reads it from {@code /console/session}). */
    @Bean
    static CsrfTokenRepository consoleCsrfTokens() {
        return new HttpSessionCsrfTokenRepository();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyVerifier verifier, ConsoleUserVerifier consoleUsers,
            CsrfTokenRepository consoleCsrfTokens, Problems problems) throws Exception {
        // The console sends the raw token in X-CSRF-TOKEN from a same-origin script, so the
        // BREACH masking meant for tokens rendered into HTML pages is not needed.
        http.csrf(csrf -> csrf.requireCsrfProtectionMatcher(ConsoleSessions::needsCsrfToken)
                        .csrfTokenRepository(consoleCsrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                // The chain sees every request as a fresh authentication; on a console session the
                // default strategies would rotate its id and CSRF token on every call. Sign-in
                // rotates both itself (ConsoleSessionController).
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(fixation -> fixation.none()))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ApiKeyAuthenticationFilter(verifier, problems), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new ConsoleSessionFilter(consoleUsers), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, exception) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"plinth\"");
                            problems.write(request, response, ProblemType.UNAUTHENTICATED,
                                    "Send an API key as 'Authorization: Bearer <key>'");
                        })
                        .accessDeniedHandler((request, response, exception) -> problems.write(request, response,
                                ProblemType.FORBIDDEN, exception instanceof CsrfException
                                        ? "A signed-in console request must send the session's CSRF token in "
                                                + "X-CSRF-TOKEN (from GET /console/session)"
                                        : InstallationOperator.isMetricsRequest(request) ? InstallationOperator.DENIED
                                        : "Your API key's role does not allow this operation")))
                .authorizeHttpRequests(requests -> requests
                        // A run event stream (or any async response) was authorized when it was
                        // requested; the dispatch that completes it carries no credentials of its own.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**", "/api/v1/schema/**").permitAll()
                        // Webhook senders have no API key; a trigger's HMAC signature authenticates them.
                        .requestMatchers(HttpMethod.POST, "/hooks/*/*/*").permitAll()
                        // Deploy agents' own API, for agent keys only; an agent key reaches nothing else
                        // (AGENT implies no other role, and the last rule wants VIEWER).
                        .requestMatchers("/api/v1/agent/**", "/api/v1/agent").hasRole("AGENT")
                        // The installation's meters cover every tenant: for the operator only.
                        .requestMatchers("/actuator/prometheus", "/actuator/prometheus/**", "/actuator/metrics",
                                "/actuator/metrics/**").access(new InstallationOperator())
                        .requestMatchers("/actuator/**").hasRole("VIEWER")
                        .requestMatchers("/console", "/console/**").permitAll()
                        .requestMatchers("/api/v1/tenants/**", "/api/v1/tenants", "/api/v1/keys/**", "/api/v1/keys",
                                "/api/v1/console-users/**", "/api/v1/console-users").hasRole("ADMIN")
                        // The audit log shows every key's activity and callers' addresses: admins only.
                        .requestMatchers("/api/v1/audit", "/api/v1/audit/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasRole("VIEWER")
                        // Secrets: written by admins and deployers (who set credentials per environment).
                        .requestMatchers(HttpMethod.POST, "/api/v1/secrets/rotation").hasRole("ADMIN")
                        .requestMatchers("/api/v1/secrets/**").hasAnyRole("ADMIN", "DEPLOYER")
                        // An approval names the role it needs; the engine checks the caller holds it.
                        .requestMatchers(HttpMethod.POST, "/api/v1/apps/*/runs/*/approvals/*").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/api/v1/**").hasRole("VIEWER")
                        // Deployer keys deploy; which environments each role may deploy to is the
                        // environment's own protection, checked by the deployment module.
                        .requestMatchers(HttpMethod.POST, "/api/v1/apps/*/deployments", "/api/v1/apps/*/deployments/*")
                                .hasAnyRole("BUILDER", "DEPLOYER")
                        .requestMatchers("/api/v1/environments", "/api/v1/environments/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/apps/**", "/api/v1/apps").hasRole("BUILDER")
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }
}
