package dev.plinth.deploy.internal;

import dev.plinth.deploy.CheckResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    private final MeterRegistry registry;

    DeploymentChecker(DeploymentStore store, PreflightChecks checks, TransactionTemplate transactions,
            DeployProperties properties, MeterRegistry registry) {
        this.store = store;
        this.checks = checks;
        this.transactions = transactions;
        this.properties = properties;
        this.registry = registry;
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
            // Counted before the state is stored, so whoever sees the outcome also sees it counted.
            case FAILED -> {
                ended(deployment, "failed", outcome.checks().stream().filter(CheckResult::hasFailed)
                        .map(CheckResult::name).findFirst().orElse("none"));
                store.finish(deployment.id(), "failed", outcome.checks(), outcome.smokeRun(), outcome.failure());
            }
            case PASSED -> ended(deployment, activate(deployment, outcome), "none");
        }
    }

    // Tags are bounded: app and environment names, three outcomes, three checks.
    private void ended(DeploymentRow deployment, String outcome, String failedCheck) {
        Counter.builder("plinth.deploy.deployments.checked").description("Deployments whose pre-flight checks ended")
                .tag("app", deployment.appName()).tag("environment", deployment.environment())
                .tag("outcome", outcome).tag("failed_check", failedCheck)
                .register(registry).increment();
    }

    /** Makes the deployment active unless a newer one already is; returns the status it ended in. */
    private String activate(DeploymentRow deployment, PreflightChecks.Outcome outcome) {
        return transactions.execute(status -> {
            store.lockSlot(deployment.appId(), deployment.environment());
            DeploymentRow current = store.lock(deployment.id()).orElseThrow();
            if (!"checking".equals(current.status())) {
                return current.status();
            }
            Optional<DeploymentRow> replaced = store.active(deployment.appId(), deployment.environment());
            if (replaced.isPresent() && replaced.get().createdAt().isAfter(deployment.createdAt())) {
                // A later request finished its checks first; the newest request wins, not the slowest.
                store.finish(deployment.id(), "superseded", outcome.checks(), outcome.smokeRun(), null);
                return "superseded";
            }
            replaced.ifPresent(previous -> store.end(previous.id(), "superseded"));
            store.activate(deployment.id(), outcome.checks(), outcome.smokeRun(),
                    replaced.map(DeploymentRow::id).orElse(null));
            return "active";
        });
    }
}
