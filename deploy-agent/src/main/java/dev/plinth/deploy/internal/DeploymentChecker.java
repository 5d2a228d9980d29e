package dev.plinth.deploy.internal;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Advances pending and checking deployments through their pre-flight checks. Each poll claims due
 * deployments under a lease (row locks with SKIP LOCKED, so instances share the work); a
 * deployment whose instance died mid-check is claimed again once its lease expires, and resumes
 * with the smoke-test run it had already started.
 */
class DeploymentChecker {

    private static final Logger log = LoggerFactory.getLogger(DeploymentChecker.class);

    private final DeploymentStore store;
    private final PreflightChecks checks;
    private final TransactionTemplate transactions;
    private final DeployProperties properties;

    DeploymentChecker(DeploymentStore store, PreflightChecks checks, TransactionTemplate transactions,
            DeployProperties properties) {
        this.store = store;
        this.checks = checks;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${plinth.deploy.check-interval:250ms}")
    void poll() {
        List<DeploymentRow> due = transactions.execute(status -> store.claimDue(properties.checkBatch(),
                Instant.now().plus(properties.checkLease())));
        for (DeploymentRow deployment : due) {
            try {
                advance(deployment);
            } catch (RuntimeException failure) {
                // The lease expires and a later poll (here or on another instance) tries again.
                log.warn("Checking deployment {} failed; retrying after its lease expires", deployment.id(), failure);
            }
        }
    }

    private void advance(DeploymentRow deployment) {
        PreflightChecks.Outcome outcome = checks.check(deployment);
        switch (outcome.state()) {
            case RUNNING -> store.keepChecking(deployment.id(), outcome.checks(), outcome.smokeRun(),
                    outcome.deadline(), Instant.now().plus(properties.checkInterval()));
            case FAILED -> store.fail(deployment.id(), outcome.checks(), outcome.smokeRun(), outcome.failure());
            case PASSED -> activate(deployment, outcome);
        }
    }

    private void activate(DeploymentRow deployment, PreflightChecks.Outcome outcome) {
        transactions.executeWithoutResult(status -> {
            store.lockSlot(deployment.appId(), deployment.environment());
            DeploymentRow current = store.lock(deployment.id()).orElseThrow();
            if (!"checking".equals(current.status())) {
                return;
            }
            var replaced = store.active(deployment.appId(), deployment.environment());
            replaced.ifPresent(previous -> store.end(previous.id(), "superseded"));
            store.activate(deployment.id(), outcome.checks(), outcome.smokeRun(),
                    replaced.map(DeploymentRow::id).orElse(null));
        });
    }
}
