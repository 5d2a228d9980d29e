package dev.plinth.deploy.internal;

import dev.plinth.deploy.DeploymentException;
import dev.plinth.deploy.DeploymentException.Kind;
import dev.plinth.deploy.EnvironmentView;
import dev.plinth.deploy.Environments;
import dev.plinth.deploy.NewEnvironment;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Environments per tenant, with the three every tenant starts with. */
class DefaultEnvironments implements Environments {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    /** Roles a protection rule may name; {@code viewer} keys never deploy. */
    private static final Set<String> DEPLOYING_ROLES = Set.of("admin", "builder", "deployer");

    private final EnvironmentStore store;

    /** Tenants whose default environments are known to exist; a cache that saves one insert per call. */
    private final Set<UUID> seeded = ConcurrentHashMap.newKeySet();

    DefaultEnvironments(EnvironmentStore store) {
        this.store = store;
    }

    @Override
    public List<EnvironmentView> list(UUID tenantId) {
        seed(tenantId);
        return store.list(tenantId);
    }

    @Override
    public EnvironmentView get(UUID tenantId, String name) {
        seed(tenantId);
        return store.find(tenantId, name)
                .orElseThrow(() -> new DeploymentException(Kind.NOT_FOUND, "Environment '" + name + "' not found", null));
    }

    /** The environment a request names in field {@code pointer}; an unknown one is invalid input there. */
    EnvironmentView require(UUID tenantId, String name, String pointer) {
        seed(tenantId);
        return store.find(tenantId, name).orElseThrow(() -> new DeploymentException(Kind.INVALID,
                "Environment '" + name + "' does not exist; the tenant has " + names(tenantId), pointer));
    }

    @Override
    public EnvironmentView create(UUID tenantId, NewEnvironment environment, String createdBy) {
        seed(tenantId);
        if (environment.name() == null || !NAME.matcher(environment.name()).matches()) {
            throw new DeploymentException(Kind.INVALID, "name must be 1-32 lower-case letters, digits or hyphens, "
                    + "not starting or ending with a hyphen", "/name");
        }
        EnvironmentView created = checked(tenantId, environment.name(), environment, EnvironmentStore.now(),
                createdBy);
        if (!store.insert(tenantId, created)) {
            throw new DeploymentException(Kind.CONFLICT, "Environment '" + environment.name() + "' already exists",
                    "/name");
        }
        return created;
    }

    @Override
    public EnvironmentView replace(UUID tenantId, String name, NewEnvironment settings) {
        EnvironmentView existing = get(tenantId, name);
        EnvironmentView replaced = checked(tenantId, name, settings, existing.createdAt(), existing.createdBy());
        store.update(tenantId, replaced);
        return replaced;
    }

    /** The environment the settings describe, once its roles and promotion source are known to be valid. */
    private EnvironmentView checked(UUID tenantId, String name, NewEnvironment settings, Instant createdAt,
            String createdBy) {
        List<String> roles = settings.allowedRoles() == null || settings.allowedRoles().isEmpty()
                ? List.of("deployer") : List.copyOf(settings.allowedRoles());
        for (int i = 0; i < roles.size(); i++) {
            if (!DEPLOYING_ROLES.contains(roles.get(i))) {
                throw new DeploymentException(Kind.INVALID, "'" + roles.get(i)
                        + "' is not a role that may deploy; use admin, builder or deployer", "/allowedRoles/" + i);
            }
        }
        String from = settings.promoteFrom();
        if (from != null && (from.equals(name) || store.find(tenantId, from).isEmpty())) {
            throw new DeploymentException(Kind.INVALID, "promoteFrom must name another existing environment; the "
                    + "tenant has " + names(tenantId), "/promoteFrom");
        }
        if (from != null && promotesFrom(tenantId, from, name)) {
            throw new DeploymentException(Kind.INVALID, "promoteFrom '" + from + "' would close a circle: '" + from
                    + "' itself takes promotions (directly or not) from '" + name + "'", "/promoteFrom");
        }
        return new EnvironmentView(name, settings.description(), roles, from, createdAt, createdBy);
    }

    // Whether following promoteFrom links from 'start' reaches 'target' (a circle would lock both out).
    private boolean promotesFrom(UUID tenantId, String start, String target) {
        Set<String> seen = new HashSet<>();
        for (String at = start; at != null && seen.add(at); ) {
            if (at.equals(target)) {
                return true;
            }
            at = store.find(tenantId, at).map(EnvironmentView::promoteFrom).orElse(null);
        }
        return false;
    }

    private String names(UUID tenantId) {
        return String.join(", ", store.list(tenantId).stream().map(EnvironmentView::name).toList());
    }

    // dev and staging take deployments from builders (the people and tools making the app); prod only
    // from deployer (or admin) keys, the ones a CI pipeline's release step holds.
    private void seed(UUID tenantId) {
        if (seeded.contains(tenantId)) {
            return;
        }
        store.insert(tenantId, defaults("dev", "Where builders try changes", List.of("builder", "deployer"), 0));
        store.insert(tenantId, defaults("staging", "Checked before production", List.of("builder", "deployer"), 1));
        store.insert(tenantId, defaults("prod", "What users use", List.of("deployer"), 2));
        seeded.add(tenantId);
    }

    // Creation times a microsecond apart keep the defaults listed in promotion order.
    private static EnvironmentView defaults(String name, String description, List<String> roles, int order) {
        return new EnvironmentView(name, description, roles, null, EnvironmentStore.now().plusNanos(1000L * order),
                "plinth");
    }
}
