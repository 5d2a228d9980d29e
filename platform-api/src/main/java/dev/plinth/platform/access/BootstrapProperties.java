package dev.plinth.platform.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What Plinth creates on its very first start.
 *
 * @param tenant   name of the root tenant
 * @param adminKey a preset first admin key ({@code plk_<16>_<40>} letters or digits) for automated
 *                 installs; when empty a random key is generated and printed once
 */
@ConfigurationProperties("plinth.bootstrap")
public record BootstrapProperties(@DefaultValue("default") String tenant, String adminKey) {
}
