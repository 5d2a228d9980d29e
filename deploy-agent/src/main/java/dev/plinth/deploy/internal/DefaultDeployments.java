package dev.plinth.deploy.internal;

import dev.plinth.deploy.Actor;
import dev.plinth.deploy.AppTarget;
import dev.plinth.deploy.DeploymentException;
import dev.plinth.deploy.DeploymentException.Kind;
import dev.plinth.deploy.DeploymentPage;
import dev.plinth.deploy.DeploymentView;
import dev.plinth.deploy.Deployments;
import dev.plinth.deploy.EnvironmentView;
import dev.plinth.deploy.RevisionSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deployments: requests are checked against the environment's protection and recorded as
 * {@code pending}; {@link DeploymentChecker} takes them through the pre-flight checks. Rollbacks
 * switch the active deployment at once.
 */
class DefaultDeployments implements Deployments {

    private final DefaultEnvironments environments;
    private final DeploymentStore store;
    private final RevisionSource revisions;
    private final TransactionTemplate transactions;

    DefaultDeployments(DefaultEnvironments environments, DeploymentStore store, RevisionSource revisions,
            TransactionTemplate transactions) {
        this.environments = environments;
        this.store = store;
        this.revisions = revisions;
        this.transactions = transactions;
    }

    @Override
    public DeploymentView deploy(AppTarget app, int revision, String environment, Actor actor) {
        EnvironmentView target = environments.require(app.tenantId(), environment, "/environment");
        Protection.check(target, actor, "deploy", null);
        requireRevision(app, revision, "/revision");
        return store.insert(app, target.name(), revision, "deploy", null, "pending", null, actor.keyId(),
                actor.role()).view();
    }

    @Override
    public DeploymentView promote(AppTarget app, String from, String to, Actor actor) {
        EnvironmentView source = environments.require(app.tenantId(), from, "/from");
        EnvironmentView target = environments.require(app.tenantId(), to, "/to");
        if (source.name().equals(target.name())) {
            throw new DeploymentException(Kind.INVALID, "to must differ from from", "/to");
        }
        Protection.check(target, actor, "promotion", source.name());
        DeploymentRow active = store.active(app.appId(), source.name()).orElseThrow(() -> new DeploymentException(
                Kind.CONFLICT, "Nothing is active in '" + source.name() + "' for app '" + app.name()
                        + "'; there is nothing to promote", "/from"));
        requireRevision(app, active.revision(), "/from");
        return store.insert(app, target.name(), active.revision(), "promotion", source.name(), "pending", null,
                actor.keyId(), actor.role()).view();
    }

    @Override
    public DeploymentView rollback(AppTarget app, String environment, Actor actor) {
        EnvironmentView target = environments.require(app.tenantId(), environment, "/environment");
        Protection.check(target, actor, "rollback", null);
        return transactions.execute(status -> {
            store.lockSlot(app.appId(), target.name());
            DeploymentRow current = store.active(app.appId(), target.name()).orElseThrow(() ->
                    new DeploymentException(Kind.CONFLICT, "Nothing is active in '" + target.name() + "' for app '"
                            + app.name() + "'; there is nothing to roll back", "/environment"));
            DeploymentRow previous = Optional.ofNullable(current.previousId()).flatMap(store::find)
                    .orElseThrow(() -> new DeploymentException(Kind.CONFLICT, "Revision " + current.revision()
                            + " is the first revision active in '" + target.name() + "' for app '" + app.name()
                            + "'; there is no earlier one to roll back to", "/environment"));
            if (revisions.definition(app.tenantId(), app.appId(), previous.revision()).isEmpty()) {
                throw new DeploymentException(Kind.CONFLICT, "Revision " + previous.revision()
                        + " no longer exists; it cannot be reactivated", "/environment");
            }
            store.end(current.id(), "rolled-back");
            // The new deployment points where the reactivated one pointed, so rolling back again
            // goes one step further back instead of toggling between two revisions.
            return store.insert(app, target.name(), previous.revision(), "rollback", null, "active",
                    previous.previousId(), actor.keyId(), actor.role()).view();
        });
    }

    @Override
    public DeploymentView get(AppTarget app, UUID deploymentId) {
        return store.find(deploymentId).filter(row -> row.appId().equals(app.appId())
                        && row.tenantId().equals(app.tenantId()))
                .map(DeploymentRow::view)
                .orElseThrow(() -> new DeploymentException(Kind.NOT_FOUND, "Deployment " + deploymentId + " not found",
                        null));
    }

    @Override
    public DeploymentPage list(AppTarget app, String environment, String status, String cursor, int limit) {
        List<DeploymentRow> rows = store.history(app.appId(), environment, status, Cursor.decode(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<DeploymentRow> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(page.get(limit - 1).createdAt(), page.get(limit - 1).id()).encode() : null;
        return new DeploymentPage(page.stream().map(DeploymentRow::view).toList(), next);
    }

    @Override
    public List<DeploymentView> activeIn(UUID tenantId, String environment) {
        return store.activeIn(tenantId, environment).stream().map(DeploymentRow::view).toList();
    }

    @Override
    public List<DeploymentView> activeOf(UUID tenantId, java.util.Collection<UUID> appIds) {
        if (appIds.isEmpty()) {
            return List.of();
        }
        return store.activeOf(tenantId, appIds).stream().map(DeploymentRow::view).toList();
    }

    @Override
    public Optional<Integer> activeRevision(AppTarget app, String environment) {
        EnvironmentView target = environments.get(app.tenantId(), environment);
        return store.active(app.appId(), target.name()).map(DeploymentRow::revision);
    }

    private void requireRevision(AppTarget app, int revision, String pointer) {
        if (revisions.definition(app.tenantId(), app.appId(), revision).isEmpty()) {
            throw new DeploymentException(Kind.INVALID, "App '" + app.name() + "' has no revision " + revision,
                    pointer);
        }
    }
}
