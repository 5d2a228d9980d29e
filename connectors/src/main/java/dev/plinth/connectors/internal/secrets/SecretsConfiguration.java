package dev.plinth.connectors.internal.secrets;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The secret store: master keys (configured, or generated into the data directory in embedded
 * mode), the encrypted store, and the background re-encryption after a key rotation.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    SecretStore plinthSecretStore(DataSource dataSource, PlatformTransactionManager transactionManager,
            SecretsProperties properties, Environment environment) {
        // Read as plain properties: the database settings belong to the application, not this module.
        boolean external = !environment.getProperty("plinth.db.url", "").isBlank();
        Path dataDir = Path.of(environment.getProperty("plinth.data-dir", "./.plinth-data"));
        String current = MasterKeySource.currentKey(properties.masterKey(), external, dataDir);
        SecretCipher cipher = new SecretCipher(MasterKeys.of(current, properties.previousMasterKeys()));
        return new SecretStore(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager), cipher,
                new SecretInput(properties.maxValueSize().toBytes()));
    }

    /** After a rotation, moves every version to the new key in the background once the instance serves. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> plinthSecretReencryption(SecretStore store, SecretsProperties properties) {
        return ready -> {
            if (!properties.reencryptOnStartup() || store.staleVersions() == 0) {
                return;
            }
            Thread worker = new Thread(() -> {
                try {
                    var rotation = store.reencrypt();
                    log.info("Re-encrypted {} secret version(s) under master key {}", rotation.reencrypted(),
                            rotation.keyId());
                    if (rotation.unreadable() > 0) {
                        log.warn("{} secret version(s) are under a master key that is not configured any more",
                                rotation.unreadable());
                    }
                } catch (RuntimeException failure) {
                    log.error("Re-encrypting secrets under the current master key failed; retry with "
                            + "POST /api/v1/secrets/rotation", failure);
                }
            }, "plinth-secret-reencryption");
            worker.setDaemon(true);
            worker.start();
        };
    }
}
