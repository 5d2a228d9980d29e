package dev.plinth.platform.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit log.
 *
 * @param retention      how long entries are kept; older ones are purged (at least one day — the
 *                       database refuses to purge younger entries)
 * @param purgeInterval  how often the purge runs
 * @param trustedProxies how many reverse proxies in front of Plinth append to {@code X-Forwarded-For};
 *                       0 (the default) ignores that header, since any client can send it
 */
@ConfigurationProperties("plinth.audit")
public record AuditProperties(
        @DefaultValue("400d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("0") int trustedProxies) {

    public AuditProperties {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("plinth.audit.retention must be at least 1d, was " + retention);
        }
        if (trustedProxies < 0) {
            throw new IllegalArgumentException("plinth.audit.trusted-proxies must not be negative");
        }
    }
}
