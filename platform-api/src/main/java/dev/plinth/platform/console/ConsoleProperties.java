package dev.plinth.platform.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web console's sign-in settings.
 *
 * @param adminPassword     the first admin account's password (at least 12 characters) for automated
 *                          installs; when empty a random one is generated and printed once
 * @param adminEmail        the first admin account's email
 * @param maxFailedSignIns  failed sign-ins in a row that lock an account
 * @param lockout           how long a locked account refuses every sign-in
 */
@ConfigurationProperties("plinth.console")
public record ConsoleProperties(String adminPassword, @DefaultValue("admin@localhost") String adminEmail,
        @DefaultValue("5") int maxFailedSignIns, @DefaultValue("15m") Duration lockout) {
}
