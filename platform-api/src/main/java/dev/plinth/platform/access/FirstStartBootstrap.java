package dev.plinth.platform.access;

import dev.plinth.platform.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start of an installation, creates the root tenant and its first admin key and
 * prints the key once — the way Jenkins and Grafana hand over their first password. Safe when
 * several instances start at once: a transaction-scoped advisory lock lets exactly one create them.
 */
@Component
class FirstStartBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStartBootstrap.class);
    private static final long BOOTSTRAP_LOCK = 0x706c696e7468L; // "plinth"

    private final TenantRepository tenants;
    private final TenantService tenantService;
    private final ApiKeyService keys;
    private final JdbcClient jdbc;
    private final BootstrapProperties properties;

    FirstStartBootstrap(TenantRepository tenants, TenantService tenantService, ApiKeyService keys, JdbcClient jdbc,
            BootstrapProperties properties) {
        this.tenants = tenants;
        this.tenantService = tenantService;
        this.keys = keys;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(BOOTSTRAP_LOCK).query().singleValue();
        if (tenants.existsByRootTrue()) {
            return;
        }
        Tenant root = tenantService.create(properties.tenant(), "Default tenant", true);
        boolean preset = properties.adminKey() != null && !properties.adminKey().isBlank();
        ApiKeyService.IssuedKey issued = preset
                ? keys.register(root.getId(), "bootstrap admin key", Role.ADMIN, properties.adminKey().trim(), "plinth")
                : keys.issue(root.getId(), "bootstrap admin key", Role.ADMIN, null, "plinth");
        if (preset) {
            log.warn("First start: created tenant '{}' with the configured admin key (id {}).",
                    root.getName(), issued.key().getId());
            return;
        }
        log.warn("""

                ************************************************************************
                First start: created tenant '{}' and its admin API key.
                It is shown only this once; only its hash is stored:

                    {}

                Use it as:  curl -H 'Authorization: Bearer <key>' http://localhost:8080/api/v1/me
                ************************************************************************
                """, root.getName(), issued.secret());
    }
}
