package dev.plinth.connectors.internal.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How secrets are encrypted.
 *
 * @param masterKey          the current master key: 32 random bytes, base64 ({@code PLINTH_SECRETS_MASTER_KEY}).
 *                           Required with an external database; with the embedded one, a key is generated
 *                           once and kept in {@code ${plinth.data-dir}/secrets/master.key}
 * @param previousMasterKeys keys that encrypted secrets before a rotation, still accepted for reading until
 *                           every version is re-encrypted under {@code masterKey}
 * @param maxValueSize       the largest secret value accepted
 * @param reencryptOnStartup whether an instance re-encrypts versions under older keys in the background once
 *                           it has started (the rotation can also be run with {@code POST /api/v1/secrets/rotation})
 */
@ConfigurationProperties("plinth.secrets")
public record SecretsProperties(
        String masterKey,
        @DefaultValue List<String> previousMasterKeys,
        @DefaultValue("16KB") DataSize maxValueSize,
        @DefaultValue("true") boolean reencryptOnStartup) {
}
