package dev.plinth.platform.access;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.security.ApiKeyVerifier;
import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.Role;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Issues, verifies, lists and revokes API keys. */
@Service
public class ApiKeyService implements ApiKeyVerifier {

    // Verified keys are remembered briefly so a busy client does not cost two queries per request.
    // A revocation applies at once on the instance that made it, and within the TTL on the others.
    private static final Duration VERIFIED_TTL = Duration.ofSeconds(10);

    private record Verified(ApiPrincipal principal, byte[] secretHash, Instant expiresAt, Instant until) {
        boolean usableAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private final TransactionTemplate transactions;

    ApiKeyService(ApiKeyRepository keys, TenantRepository tenants, PlatformTransactionManager transactionManager) {
        this.keys = keys;
        this.tenants = tenants;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** A newly issued key; {@code secret} is the full key, available only now. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    @Transactional
    public IssuedKey issue(UUID tenantId, String name, Role role, Instant expiresAt, String createdBy) {
        return store(tenantId, name, role, expiresAt, createdBy, KeyMaterial.newId(), KeyMaterial.newSecret());
    }

    /** Stores a key whose full text was chosen by the operator (the configured bootstrap key). */
    @Transactional
    public IssuedKey register(UUID tenantId, String name, Role role, String presetKey, String createdBy) {
        KeyMaterial.Parsed parsed = KeyMaterial.parse(presetKey);
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "A preset API key must have the form plk_<16 letters or digits>_<40 letters or digits>");
        }
        return store(tenantId, name, role, null, createdBy, parsed.id(), parsed.secret());
    }

    private IssuedKey store(UUID tenantId, String name, Role role, Instant expiresAt, String createdBy, String id,
            String secret) {
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ApiException.invalid("/expiresAt", "expiresAt must be in the future", null);
        }
        ApiKey key = keys.save(new ApiKey(id, tenantId, name, role, KeyMaterial.hash(secret), createdBy, expiresAt));
        return new IssuedKey(key, KeyMaterial.format(id, secret));
    }

    // Not @Transactional: a cached key is verified without touching the database at all.
    @Override
    public Optional<ApiPrincipal> verify(String presentedKey) {
        KeyMaterial.Parsed parsed = KeyMaterial.parse(presentedKey);
        if (parsed == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Verified cached = verified.get(parsed.id());
        if (cached != null && cached.until().isAfter(now)) {
            return KeyMaterial.matches(parsed.secret(), cached.secretHash()) && cached.usableAt(now)
                    ? Optional.of(cached.principal()) : Optional.empty();
        }
        return transactions.execute(status -> load(parsed, now));
    }

    private Optional<ApiPrincipal> load(KeyMaterial.Parsed parsed, Instant now) {
        Optional<ApiKey> key = keys.findById(parsed.id());
        Optional<ApiPrincipal> principal = key
                .filter(k -> KeyMaterial.matches(parsed.secret(), k.getSecretHash()))
                .filter(k -> k.usableAt(now))
                .flatMap(k -> tenants.findById(k.getTenantId()).map(tenant -> principalOf(k, tenant)));
        principal.ifPresent(p -> {
            keys.touch(p.keyId(), now, now.minus(Duration.ofMinutes(1)));
            verified.put(p.keyId(), new Verified(p, key.get().getSecretHash(), key.get().getExpiresAt(),
                    now.plus(VERIFIED_TTL)));
        });
        return principal;
    }

    private static ApiPrincipal principalOf(ApiKey key, Tenant tenant) {
        return new ApiPrincipal(tenant.getId(), tenant.getName(), tenant.isRoot(), key.getId(), key.getRole());
    }

    @Transactional(readOnly = true)
    public Page<ApiKey> list(UUID tenantId, PageRequest page) {
        return Page.of(keys.findByTenantIdOrderByCreatedAtAscIdAsc(tenantId, page.position(), page.limit()), k -> k);
    }

    @Transactional(readOnly = true)
    public ApiKey get(UUID tenantId, String id) {
        return keys.findByIdAndTenantId(id, tenantId).orElseThrow(() -> ApiException.notFound("API key '" + id + "'"));
    }

    /** Revokes a key; refuses to revoke the tenant's last usable admin key, which would lock the tenant out. */
    @Transactional
    public ApiKey revoke(UUID tenantId, String id) {
        ApiKey key = get(tenantId, id);
        Instant now = Instant.now();
        if (key.getRole() == Role.ADMIN && key.usableAt(now) && usableAdmins(tenantId, now) <= 1) {
            throw new ApiException(ProblemType.CONFLICT,
                    "This is the tenant's last usable admin key; create another admin key before revoking it");
        }
        key.revoke();
        verified.remove(key.getId());
        return key;
    }

    private long usableAdmins(UUID tenantId, Instant now) {
        return keys.countUsable(tenantId, Role.ADMIN.wireName(), now);
    }
}
