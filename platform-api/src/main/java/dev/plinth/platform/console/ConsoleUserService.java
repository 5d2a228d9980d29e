package dev.plinth.platform.console;

import dev.plinth.platform.access.Tenant;
import dev.plinth.platform.access.TenantRepository;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.ConsoleUserVerifier;
import dev.plinth.platform.security.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, lists and disables console users, and signs them in with lockout after repeated failures. */
@Service
class ConsoleUserService implements ConsoleUserVerifier {

    static final int MIN_PASSWORD_LENGTH = 12;

    private final ConsoleUserStore users;
    private final TenantRepository tenants;
    private final ConsoleProperties properties;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    // Compared against when the email is unknown, so a miss costs as long as a wrong password.
    private final String decoyHash = encoder.encode("decoy-password-never-used");

    ConsoleUserService(ConsoleUserStore users, TenantRepository tenants, ConsoleProperties properties,
            FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.users = users;
        this.tenants = tenants;
        this.properties = properties;
        this.sessions = sessions;
    }

    /** The outcome of a successful sign-in. */
    record SignedIn(ConsoleUser user, ApiPrincipal principal) {
    }

    @Transactional
    public ConsoleUser create(UUID tenantId, String email, String password, Role role, String createdBy) {
        String normalized = email.trim();
        requireLongEnough(password);
        if (users.emailTaken(tenantId, normalized)) {
            throw new ApiException(ProblemType.CONFLICT, "A console user with email '" + normalized
                    + "' already exists in this tenant");
        }
        return users.insert(tenantId, normalized, encoder.encode(password), role, createdBy);
    }

    @Transactional(readOnly = true)
    public List<ConsoleUser> list(UUID tenantId) {
        return users.list(tenantId);
    }

    @Transactional(readOnly = true)
    public ConsoleUser get(UUID tenantId, UUID id) {
        return users.find(tenantId, id).orElseThrow(() -> ApiException.notFound("Console user '" + id + "'"));
    }

    /** Sets a user's password (an admin's reset); also lifts a lockout. */
    @Transactional
    public ConsoleUser setPassword(UUID tenantId, UUID id, String password) {
        get(tenantId, id);
        requireLongEnough(password);
        users.setPassword(tenantId, id, encoder.encode(password));
        return get(tenantId, id);
    }

    /**
     * Disables (or re-enables) a user; refuses to disable the tenant's last active admin. Disabling
     * deletes the user's sessions on every instance (each request also checks the user is enabled).
     */
    @Transactional
    public ConsoleUser setDisabled(UUID tenantId, UUID id, boolean disabled) {
        ConsoleUser user = get(tenantId, id);
        if (disabled && user.role() == Role.ADMIN && user.disabledAt() == null
                && users.countActiveAdmins(tenantId) <= 1) {
            throw new ApiException(ProblemType.CONFLICT,
                    "This is the tenant's last active admin console user; create another admin before disabling it");
        }
        users.setDisabled(tenantId, id, disabled ? Instant.now() : null);
        if (disabled) {
            sessions.findByPrincipalName(id.toString()).keySet().forEach(sessions::deleteById);
        }
        return get(tenantId, id);
    }

    /**
     * Checks an email and password. Every failure looks the same to the caller (unknown tenant,
     * unknown email, disabled, locked or wrong password), so sign-in cannot be used to probe accounts.
     */
    @Transactional(noRollbackFor = ApiException.class)
    public SignedIn signIn(String tenantName, String email, String password) {
        Optional<Tenant> tenant = tenantName == null || tenantName.isBlank()
                ? tenants.findByRootTrue() : tenants.findByName(tenantName.trim());
        Optional<ConsoleUserStore.Credentials> found = tenant.flatMap(t -> users.credentials(t.getId(), email.trim()));
        Instant now = Instant.now();
        if (found.isEmpty()) {
            encoder.matches(password, decoyHash);
            throw refused();
        }
        ConsoleUser user = found.get().user();
        if (user.disabledAt() != null || user.lockedAt(now)) {
            encoder.matches(password, decoyHash);
            throw refused();
        }
        if (!encoder.matches(password, found.get().passwordHash())) {
            users.failed(user.id(), properties.maxFailedSignIns(), now.plus(properties.lockout()));
            throw refused();
        }
        users.signedIn(user.id(), now);
        return new SignedIn(user, principalOf(user, tenant.get()));
    }

    private static void requireLongEnough(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw ApiException.invalid("/password", "password must have at least " + MIN_PASSWORD_LENGTH
                    + " characters", null);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ApiPrincipal> verify(UUID consoleUserId) {
        return users.findAnyTenant(consoleUserId)
                .filter(user -> user.disabledAt() == null)
                .flatMap(user -> tenants.findById(user.tenantId()).map(tenant -> principalOf(user, tenant)));
    }

    private static ApiPrincipal principalOf(ConsoleUser user, Tenant tenant) {
        return ApiPrincipal.consoleUser(tenant.getId(), tenant.getName(), tenant.isRoot(), user.email(), user.role());
    }

    private ApiException refused() {
        return new ApiException(ProblemType.UNAUTHENTICATED, "Wrong email or password, or the account is disabled "
                + "or locked (" + properties.maxFailedSignIns() + " failed sign-ins lock it for "
                + properties.lockout().toMinutes() + " minutes)");
    }
}
