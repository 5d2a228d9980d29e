package dev.plinth.platform.console;

import dev.plinth.platform.access.Tenant;
import dev.plinth.platform.access.TenantRepository;
import dev.plinth.platform.security.Role;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the root tenant's first console admin when it has no console user yet — on the first
 * start, or on the first start after upgrading to a version with the console. Runs when the
 * application is ready, so after the first-start bootstrap created the root tenant. The password is
 * the configured one, or a generated one printed once (only its bcrypt hash is stored).
 */
@Component
class ConsoleFirstAdmin {

    private static final Logger log = LoggerFactory.getLogger(ConsoleFirstAdmin.class);
    private static final long LOCK = 0x636f6e736f6c65L; // "console"
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final TenantRepository tenants;
    private final ConsoleUserStore store;
    private final ConsoleUserService users;
    private final ConsoleProperties properties;
    private final JdbcClient jdbc;

    ConsoleFirstAdmin(TenantRepository tenants, ConsoleUserStore store, ConsoleUserService users,
            ConsoleProperties properties, JdbcClient jdbc) {
        this.tenants = tenants;
        this.store = store;
        this.users = users;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void createFirstAdmin() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query().singleValue();
        Optional<Tenant> root = tenants.findByRootTrue();
        if (root.isEmpty() || store.countInTenant(root.get().getId()) > 0) {
            return;
        }
        boolean preset = properties.adminPassword() != null && !properties.adminPassword().isBlank();
        String password = preset ? properties.adminPassword() : generated();
        ConsoleUser admin = users.create(root.get().getId(), properties.adminEmail(), password, Role.ADMIN, "plinth");
        if (preset) {
            log.warn("First start: created console admin '{}' with the configured password.", admin.email());
            return;
        }
        log.warn("""

                ************************************************************************
                First start: created the web console's admin account.
                The password is shown only this once; only its hash is stored:

                    email:    {}
                    password: {}

                Sign in at http://localhost:8080/console
                ************************************************************************
                """, admin.email(), password);
    }

    private static String generated() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
