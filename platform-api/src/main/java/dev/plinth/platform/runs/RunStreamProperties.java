package dev.plinth.platform.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run event streams ({@code GET /api/v1/apps/{app}/runs/{run}/events}).
 *
 * @param pollInterval how often this instance reads the change markers of every run it streams (one
 *                     query for all of them)
 * @param heartbeat    how often an idle stream gets a comment line, so proxies keep it open and a
 *                     client that went away is noticed
 * @param timeout      how long one stream stays open; the client then reconnects and gets the current
 *                     state first
 * @param maxPerTenant open streams one tenant may hold on this instance; more are refused with 429
 */
@ConfigurationProperties("plinth.run-streams")
public record RunStreamProperties(@DefaultValue("300ms") Duration pollInterval, @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration timeout, @DefaultValue("50") int maxPerTenant) {
}
