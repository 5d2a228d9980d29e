package dev.plinth.deploy.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deployments are checked.
 *
 * @param checkInterval how often pending and checking deployments are advanced (also
 *                      {@code plinth.deploy.check-interval} for the poller itself)
 * @param checkLease    how long one instance owns a deployment while checking it; after a crash
 *                      another instance takes the deployment over once this has passed
 * @param smokeTimeout  how long a smoke-test run may take when its {@code smokeTest} names no timeout
 * @param checkBatch    deployments advanced per poll
 */
@ConfigurationProperties("plinth.deploy")
public record DeployProperties(
        @DefaultValue("250ms") Duration checkInterval,
        @DefaultValue("30s") Duration checkLease,
        @DefaultValue("5m") Duration smokeTimeout,
        @DefaultValue("16") int checkBatch) {
}
